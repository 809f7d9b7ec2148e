import type { KnownBlock } from '@slack/types';
import type { ChurnFigures, CurrencyMrrChurn } from '../../metrics/churn.ts';
import { formatRate } from '../../metrics/format.ts';
import type { UninstallReasons } from '../../metrics/reasons.ts';
import { fallbackText, merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { context, currencyCode, fields, header, money, notes, plural, section, type FigureMessage } from './figureBlocks.ts';

export interface ChurnViewInput {
  scope: string;
  windowLabel: string;
  figures: ChurnFigures;
  reasons: UninstallReasons;
  notes: string[];
}

const TOP_REASONS = 5;
const LATEST_DESCRIPTIONS = 3;
/** MRR churn lines shown, one section each; the other currencies are named in one line. */
const MAX_CURRENCIES = 8;

export function buildChurnMessage(input: ChurnViewInput): FigureMessage {
  const f = input.figures;
  const a = f.activity;
  const blocks: KnownBlock[] = [
    header(`Churn · ${input.scope} · ${input.windowLabel}`),
    section(`*${formatRate(f.merchantChurn)}* merchant churn   ${f.churnedMerchants} of ${plural(f.installedAtStart, 'installed shop')} uninstalled`),
    fields([
      `*Paying-merchant churn*\n${formatRate(f.payingMerchantChurn)} (${f.lostPayingMerchants} of ${f.payingAtStart})`,
      `*Store closures*\n${f.closedStores} (${formatRate(f.closureRate)}, not product churn)`,
      `*Installs*\n${a.installs} (${plural(a.reinstalls, 'reinstall')})`,
      `*Uninstalls*\n${a.uninstalls}`,
    ]),
  ];
  for (const m of f.mrr.slice(0, MAX_CURRENCIES)) {
    blocks.push(section(`*MRR churn ${currencyCode(m.currency)}*  gross ${formatRate(m.grossMrrChurn)} · net ${formatRate(m.netMrrChurn)}\n_${mrrChurnBasis(m)}_`));
  }
  const hidden = f.mrr.slice(MAX_CURRENCIES).map((m) => currencyCode(m.currency));
  if (hidden.length > 0) blocks.push(section(`MRR churn in ${plural(hidden.length, 'more currency', 'more currencies')}: ${mrkdwnList(hidden, 2500)}`));
  if (input.reasons.uninstalls > 0) {
    const top = input.reasons.reasons.slice(0, TOP_REASONS).map((r) => `• ${merchantText(r.reason, 200)} — ${r.count}`);
    blocks.push({ type: 'divider' }, section(`*Why merchants uninstalled*\n${top.join('\n')}`));
    const latest = input.reasons.descriptions.slice(0, LATEST_DESCRIPTIONS);
    if (latest.length > 0) {
      blocks.push(
        context(latest.map((d) => `“${merchantText(d.description, 400)}” — ${merchantText(d.shopDomain ?? `shop ${d.shopId}`, 150)}, ${merchantText(d.occurredAt.slice(0, 10), 10)}`)),
      );
    }
  }
  blocks.push(...notes([f.mrr.length > 1 ? 'MRR churn is per currency; currencies are never added together.' : null, ...input.notes]));
  const text = [
    `Churn · ${merchantText(input.scope, 150)} · ${merchantText(input.windowLabel, 150)}: merchant churn ${formatRate(f.merchantChurn)}, paying-merchant churn ${formatRate(f.payingMerchantChurn)}, ` +
      `${plural(a.installs, 'install')}, ${plural(a.uninstalls, 'uninstall')}, ${plural(f.closedStores, 'store closure')}`,
    ...input.notes,
  ].join('\n');
  return { text: fallbackText(text), blocks };
}

/** `of $1,000.00: −$49.00 churned · +$80.00 expansion`: the base, and only the movements that happened. */
function mrrChurnBasis(m: CurrencyMrrChurn): string {
  const moved = [
    [m.churned, '−', 'churned'],
    [m.contraction, '−', 'contraction'],
    [m.expansion, '+', 'expansion'],
  ] as const;
  const parts = moved.filter(([amount]) => !amount.isZero()).map(([amount, sign, label]) => `${sign}${money(amount, m.currency)} ${label}`);
  return `of ${money(m.mrrStart, m.currency)}: ${parts.length === 0 ? 'nothing churned, contracted or expanded' : parts.join(' · ')}`;
}
