import type { KnownBlock } from '@slack/types';
import { Decimal } from 'decimal.js';
import type { RevenueKind } from '../../domain/transaction.ts';
import type { CurrencyRevenue, KindRevenue, RevenueReport } from '../../metrics/revenue.ts';
import { fallbackText, merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { change, currencyCode, header, money, notes, plural, section, type FigureMessage } from './figureBlocks.ts';

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
  ['adjustment', 'Refunds &amp; adjustments'],
  ['credit', 'Credits'],
  ['other', 'Other'],
];

/** Currencies shown with their own figures (two blocks each, within 50 per message); the rest are named. */
const MAX_CURRENCIES = 10;

export function buildRevenueMessage(input: RevenueViewInput): FigureMessage {
  const blocks: KnownBlock[] = [header(`Revenue · ${input.scope} · ${input.windowLabel}`)];
  const heading = `Revenue · ${merchantText(input.scope, 150)} · ${merchantText(input.windowLabel, 150)}`;
  const text: string[] = [];
  const all = [...new Set([...input.current.total, ...input.previous.total].map((c) => c.currency))].sort();
  const currencies = all.slice(0, MAX_CURRENCIES);
  if (currencies.length === 0) {
    blocks.push(section('No transactions in this window or the one before.'));
    text.push(`${heading}: no transactions`);
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
        `*${money(now.total.net, currency)}* net   ${change(prev.total.net, now.total.net)} vs the previous period\n` +
          `Gross ${money(now.total.gross, currency)}   ${change(prev.total.gross, now.total.gross)}`,
      ),
      section(lines.join('\n')),
    );
    text.push(`Net revenue ${money(now.total.net, currency)} (${change(prev.total.net, now.total.net)}), gross ${money(now.total.gross, currency)}`);
  }
  const hidden = all.slice(MAX_CURRENCIES).map(currencyCode);
  if (hidden.length > 0) blocks.push(section(`Revenue in ${plural(hidden.length, 'more currency', 'more currencies')}: ${mrkdwnList(hidden, 2500)}`));
  blocks.push(
    ...notes([
      'Net = what reaches your payout; compared with the period of the same length just before.',
      input.current.excludedTest > 0 ? `${plural(input.current.excludedTest, 'test-charge transaction')} left out.` : null,
      grossUnknown > 0 ? `${plural(grossUnknown, 'transaction')} without a gross amount: not in gross.` : null,
      all.length > 1 ? 'Currencies are never added together.' : null,
      ...input.notes,
    ]),
  );
  return { text: fallbackText([heading, ...text, ...input.notes].join('\n')), blocks };
}

function kindLine(now: KindRevenue, prev: KindRevenue, currency: string): string {
  return `${money(now.net, currency)} net · ${money(now.gross, currency)} gross   ${change(prev.net, now.net)}`;
}

function empty(currency: string): CurrencyRevenue {
  const line = (): KindRevenue => ({ net: new Decimal(0), gross: new Decimal(0), grossUnknown: 0, transactions: 0 });
  return { currency, byKind: Object.fromEntries(KIND_LABELS.map(([k]) => [k, line()])) as Record<RevenueKind, KindRevenue>, total: line() };
}
