import type { KnownBlock } from '@slack/types';
import type { ShopMatch } from '../../storage/merchants/findShops.ts';
import { fallbackText, merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { shopTitle } from './merchantCard.ts';
import { header, notes, section, type FigureMessage } from './figureBlocks.ts';

export const MAX_MATCHES = 10;

/** Several shops match: up to 10, each with the exact command that opens its card. */
export function buildMerchantList(query: string, matches: readonly ShopMatch[], more: boolean, noteLines: string[]): FigureMessage {
  const asked = merchantText(query, 100);
  const lines = matches.slice(0, MAX_MATCHES).map((m) => `• ${shopTitle({ shopId: m.shopId, shopName: m.shopName, shopDomain: m.shopDomain })} — \`/partner shop ${merchantText(m.shopId, 30)}\``);
  const blocks: KnownBlock[] = [
    header('Shops that match'),
    section(`${more ? `More than ${MAX_MATCHES} shops match` : `${matches.length} shops match`} “${asked}”. Run the command next to the one you mean:`),
    section(mrkdwnList(lines, 2900, { separator: '\n', maxItems: MAX_MATCHES, more: (n) => `…and ${n} more` })),
  ];
  if (more) blocks.push(section('Type more of the name, the myshopify domain or the shop id to narrow it down.'));
  blocks.push(...notes(noteLines));
  return { text: fallbackText(`${matches.length}${more ? '+' : ''} shops match "${asked}"`), blocks };
}

/** Nothing matches: said plainly, with what was asked quoted back (escaped). */
export function noShopMatches(query: string): string {
  return `No shop matches ${merchantText(query, 200)}.`;
}
