import { Decimal } from 'decimal.js';
import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../../metrics/format.ts';
import type { CurrencyMovements } from '../../metrics/movements.ts';
import type { MrrFigures } from '../../metrics/mrr.ts';
import { change, esc, fields, header, notes, plural, section, signedMoney, type FigureMessage } from './figureBlocks.ts';

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

export function buildMrrMessage(input: MrrViewInput): FigureMessage {
  const blocks: KnownBlock[] = [header(`MRR · ${input.scope}`)];
  const text: string[] = [];
  if (input.now.currencies.length === 0) {
    blocks.push(section(input.now.payingMerchants > 0 ? `${plural(input.now.payingMerchants, 'paying merchant')}, none with a known price yet.` : 'No paying merchants yet.'));
    text.push(`MRR · ${input.scope}: no paying merchants yet`);
  }
  for (const c of input.now.currencies) {
    const prev = input.before.currencies.find((b) => b.currency === c.currency);
    const moved = input.movements.find((m) => m.currency === c.currency);
    blocks.push(section(`*${formatMoney(c.mrr, c.currency)}* MRR   ${change(prev?.mrr ?? 0, c.mrr)} in 30 days`));
    blocks.push(
      fields([
        `*ARR*\n${formatMoney(c.arr, c.currency)}`,
        `*Paying merchants*\n${c.payingMerchants.toLocaleString('en-US')}   ${change(prev?.payingMerchants ?? 0, c.payingMerchants)}`,
        `*ARPU*\n${c.arpu ? formatMoney(c.arpu, c.currency) : 'n/a'}`,
      ]),
    );
    if (moved) blocks.push(section(movementLine(moved)));
    text.push(`MRR ${formatMoney(c.mrr, c.currency)} (${change(prev?.mrr ?? 0, c.mrr)} in 30 days), ARR ${formatMoney(c.arr, c.currency)}, ${plural(c.payingMerchants, 'paying merchant')}`);
  }
  if (input.perApp && input.perApp.length > 1) {
    const lines = input.perApp.slice(0, MAX_APPS).map(({ name, figures }) => {
      const amounts = figures.currencies.map((c) => formatMoney(c.mrr, c.currency)).join(' + ') || formatMoney(new Decimal(0), 'USD');
      return `• *${esc(name)}*: ${amounts} · ${plural(figures.payingMerchants, 'paying merchant')}`;
    });
    if (input.perApp.length > MAX_APPS) lines.push(`…and ${input.perApp.length - MAX_APPS} more: add an app name to see one.`);
    blocks.push({ type: 'divider' }, section(`*By app*\n${lines.join('\n')}`));
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
  return { text: [...text, ...input.notes].join('\n'), blocks };
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
