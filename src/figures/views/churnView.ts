import type { KnownBlock } from '@slack/types';
import type { ChurnFigures, CurrencyMrrChurn } from '../../metrics/churn.ts';
import { formatRate } from '../../metrics/format.ts';
import type { ActivityCounts } from '../../metrics/installs.ts';
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
    section(`*Paying-merchant churn*  ${formatRate(f.payingMerchantChurn)} (${f.lostPayingMerchants} of ${f.payingAtStart})`),
    // Shop states at the window's ends, apart from the event counts below (METRICS.md defines both):
    // a shop that closed, reopened and closed again is one closed store but two closure events.
    section(`*Store-closure rate*  ${formatRate(f.closureRate)} (${f.closedStores} of ${plural(f.installedAtStart, 'installed shop')} closed by the end, not product churn)`),
    fields([
      `*Installs*\n${a.installs} (${plural(a.reinstalls, 'reinstall')})`,
      `*Uninstalls*\n${a.uninstalls}`,
      `*Store closures*\n${a.closures}`,
      `*Reopened stores*\n${a.reactivations}`,
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
      `${eventCounts(a)}; store-closure rate ${formatRate(f.closureRate)} (${f.closedStores} of ${f.installedAtStart} installed shops closed)`,
    ...input.notes,
  ].join('\n');
  return { text: fallbackText(text), blocks };
}

/** The events in the window, all counted the same way: `65 installs, 47 uninstalls, 11 store closures, 2 reopenings`. */
function eventCounts(a: ActivityCounts): string {
  return `${plural(a.installs, 'install')}, ${plural(a.uninstalls, 'uninstall')}, ${plural(a.closures, 'store closure')}, ${plural(a.reactivations, 'reopening')}`;
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
