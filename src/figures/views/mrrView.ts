import { Decimal } from 'decimal.js';
import type { KnownBlock } from '@slack/types';
import type { CurrencyMovements } from '../../metrics/movements.ts';
import type { MrrFigures } from '../../metrics/mrr.ts';
import { fallbackText, merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { change, currencyCode, fields, header, money, notes, plural, section, signedMoney, type FigureMessage } from './figureBlocks.ts';

export interface MrrViewInput {
  scope: string;
  now: MrrFigures;
  /** Figures 30 days ago, for the change. */
  before: MrrFigures;
  movements: CurrencyMovements[];
  /** One line per app when several are tracked and none was picked. */
  perApp: { name: string; figures: MrrFigures }[] | null;
  notes: string[];
}

const MAX_APPS = 15;
/** Currencies shown with their own figures (three blocks each, within 50 per message); the rest are named. */
const MAX_CURRENCIES = 8;

export function buildMrrMessage(input: MrrViewInput): FigureMessage {
  const blocks: KnownBlock[] = [header(`MRR · ${input.scope}`)];
  const scope = merchantText(input.scope, 150);
  const text: string[] = [];
  if (input.now.currencies.length === 0) {
    blocks.push(section(input.now.payingMerchants > 0 ? `${plural(input.now.payingMerchants, 'paying merchant')}, none with a known price yet.` : 'No paying merchants yet.'));
    text.push(`MRR · ${scope}: no paying merchants yet`);
  }
  for (const c of input.now.currencies.slice(0, MAX_CURRENCIES)) {
    const prev = input.before.currencies.find((b) => b.currency === c.currency);
    const moved = input.movements.find((m) => m.currency === c.currency);
    blocks.push(section(`*${money(c.mrr, c.currency)}* MRR   ${change(prev?.mrr ?? 0, c.mrr)} in 30 days`));
    blocks.push(
      fields([
        `*ARR*\n${money(c.arr, c.currency)}`,
        `*Paying merchants*\n${c.payingMerchants.toLocaleString('en-US')}   ${change(prev?.payingMerchants ?? 0, c.payingMerchants)}`,
        `*ARPU*\n${c.arpu ? money(c.arpu, c.currency) : 'n/a'}`,
      ]),
    );
    if (moved) blocks.push(section(movementLine(moved)));
    text.push(`MRR ${money(c.mrr, c.currency)} (${change(prev?.mrr ?? 0, c.mrr)} in 30 days), ARR ${money(c.arr, c.currency)}, ${plural(c.payingMerchants, 'paying merchant')}`);
  }
  const hidden = input.now.currencies.slice(MAX_CURRENCIES).map((c) => currencyCode(c.currency));
  if (hidden.length > 0) blocks.push(section(`MRR in ${plural(hidden.length, 'more currency', 'more currencies')}: ${mrkdwnList(hidden, 2500)}`));
  if (input.perApp && input.perApp.length > 1) {
    const lines = input.perApp.map(({ name, figures }) => {
      const amounts = figures.currencies.map((c) => money(c.mrr, c.currency));
      const shown = amounts.length === 0 ? money(new Decimal(0), 'USD') : mrkdwnList(amounts, 120, { separator: ' + ' });
      return `• *${merchantText(name, 80)}*: ${shown} · ${plural(figures.payingMerchants, 'paying merchant')}`;
    });
    const more = (n: number) => `…and ${n} more: add an app name to see one.`;
    blocks.push({ type: 'divider' }, section(`*By app*\n${mrkdwnList(lines, 2900, { separator: '\n', more, maxItems: MAX_APPS })}`));
  }
  const explain = [
    input.now.intervalUnknownCharges > 0
      ? `${plural(input.now.intervalUnknownCharges, 'live charge')} without a subscription sale yet: taken as monthly (interval unknown).`
      : null,
    input.now.unpricedCharges > 0 ? `${plural(input.now.unpricedCharges, 'live charge')} without a known price: counted as paying, not in MRR.` : null,
    input.now.currencies.length > 1 ? 'Currencies are never added together.' : null,
    ...input.notes,
  ];
  blocks.push(...notes(explain));
  return { text: fallbackText([...text, ...input.notes].join('\n')), blocks };
}

/** `Last 30 days: +$49.00 new (1) · +$19.00 reactivation (1) · … · −$29.00 churned (1)` */
export function movementLine(m: CurrencyMovements): string {
  const parts = [
    ['new', 'new', 1],
    ['reactivation', 'reactivated', 1],
    ['expansion', 'expansion', 1],
    ['contraction', 'contraction', -1],
    ['churned', 'churned', -1],
  ] as const;
  const shown = parts
    .filter(([kind]) => m.counts[kind] > 0)
    .map(([kind, label, sign]) => `${signedMoney(m.amounts[kind].times(sign), m.currency)} ${label} (${m.counts[kind]})`);
  return `_Last 30 days:_ ${shown.length === 0 ? 'no movements' : shown.join(' · ')}`;
}
