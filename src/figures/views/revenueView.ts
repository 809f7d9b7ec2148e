import type { KnownBlock } from '@slack/types';
import { Decimal } from 'decimal.js';
import type { RevenueKind } from '../../domain/transaction.ts';
import { formatMoney } from '../../metrics/format.ts';
import type { CurrencyRevenue, KindRevenue, RevenueReport } from '../../metrics/revenue.ts';
import { change, header, notes, plural, section, type FigureMessage } from './figureBlocks.ts';

export interface RevenueViewInput {
  scope: string;
  windowLabel: string;
  current: Pick<RevenueReport, 'total' | 'excludedTest'>;
  previous: Pick<RevenueReport, 'total'>;
  notes: string[];
}

const KIND_LABELS: Array<[RevenueKind, string]> = [
  ['subscription', 'Subscriptions'],
  ['usage', 'Usage'],
  ['one_time', 'One-time'],
  ['adjustment', 'Refunds & adjustments'],
  ['credit', 'Credits'],
  ['other', 'Other'],
];

export function buildRevenueMessage(input: RevenueViewInput): FigureMessage {
  const blocks: KnownBlock[] = [header(`Revenue · ${input.scope} · ${input.windowLabel}`)];
  const text: string[] = [];
  const currencies = [...new Set([...input.current.total, ...input.previous.total].map((c) => c.currency))].sort();
  if (currencies.length === 0) {
    blocks.push(section('No transactions in this window or the one before.'));
    text.push(`Revenue · ${input.scope} · ${input.windowLabel}: no transactions`);
  }
  let grossUnknown = 0;
  for (const currency of currencies) {
    const now = input.current.total.find((c) => c.currency === currency) ?? empty(currency);
    const prev = input.previous.total.find((c) => c.currency === currency) ?? empty(currency);
    grossUnknown += now.total.grossUnknown;
    const lines = KIND_LABELS.filter(([k]) => now.byKind[k].transactions > 0 || prev.byKind[k].transactions > 0).map(
      ([k, label]) => `${label}: ${kindLine(now.byKind[k], prev.byKind[k], currency)}`,
    );
    blocks.push(
      section(
        `*${formatMoney(now.total.net, currency)}* net   ${change(prev.total.net, now.total.net)} vs the previous period\n` +
          `Gross ${formatMoney(now.total.gross, currency)}   ${change(prev.total.gross, now.total.gross)}`,
      ),
      section(lines.join('\n')),
    );
    text.push(`Net revenue ${formatMoney(now.total.net, currency)} (${change(prev.total.net, now.total.net)}), gross ${formatMoney(now.total.gross, currency)}`);
  }
  blocks.push(
    ...notes([
      'Net = what reaches your payout; compared with the period of the same length just before.',
      input.current.excludedTest > 0 ? `${plural(input.current.excludedTest, 'test-charge transaction')} left out.` : null,
      grossUnknown > 0 ? `${plural(grossUnknown, 'transaction')} without a gross amount: not in gross.` : null,
      currencies.length > 1 ? 'Currencies are never added together.' : null,
      ...input.notes,
    ]),
  );
  return { text: [`Revenue · ${input.scope} · ${input.windowLabel}`, ...text, ...input.notes].join('\n'), blocks };
}

function kindLine(now: KindRevenue, prev: KindRevenue, currency: string): string {
  return `${formatMoney(now.net, currency)} net · ${formatMoney(now.gross, currency)} gross   ${change(prev.net, now.net)}`;
}

function empty(currency: string): CurrencyRevenue {
  const line = (): KindRevenue => ({ net: new Decimal(0), gross: new Decimal(0), grossUnknown: 0, transactions: 0 });
  return { currency, byKind: Object.fromEntries(KIND_LABELS.map(([k]) => [k, line()])) as Record<RevenueKind, KindRevenue>, total: line() };
}
