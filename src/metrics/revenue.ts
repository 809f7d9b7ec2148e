import { Decimal } from 'decimal.js';
import type { AppTransaction, RevenueKind } from '../domain/transaction.ts';
import { trailingNumber } from '../domain/ids.ts';
import { inWindow, instantKey, windowKeys } from './ordering.ts';

export const REVENUE_KINDS: readonly RevenueKind[] = ['subscription', 'usage', 'one_time', 'adjustment', 'credit', 'other'];

export interface KindRevenue {
  /** Sum of netAmount: what reaches the payout. Adjustments (refunds) are negative. */
  net: Decimal;
  /** Sum of the known grossAmounts. */
  gross: Decimal;
  /** Transactions without a grossAmount: `gross` leaves them out rather than guessing. */
  grossUnknown: number;
  transactions: number;
}

export interface CurrencyRevenue {
  currency: string;
  byKind: Record<RevenueKind, KindRevenue>;
  total: KindRevenue;
}

export interface RevenueReport {
  byApp: Map<string, CurrencyRevenue[]>;
  total: CurrencyRevenue[];
  /** Transactions left out because their charge is a test charge. */
  excludedTest: number;
}

/**
 * Revenue of the transactions created in [start, end), per currency (never summed across currencies).
 * A transaction is filed under its net currency; its gross is assumed to be in the same currency and
 * counted as unknown when it is not.
 */
export function revenueReport(
  transactions: readonly AppTransaction[],
  window: { start: Date; end: Date },
  testChargeIds: ReadonlySet<string>,
): RevenueReport {
  const bounds = windowKeys(window);
  const byApp = new Map<string, Map<string, CurrencyRevenue>>();
  const total = new Map<string, CurrencyRevenue>();
  let excludedTest = 0;
  for (const t of transactions) {
    if (!inWindow(instantKey(t.createdAt), bounds)) continue;
    if (t.chargeId && testChargeIds.has(trailingNumber(t.chargeId))) {
      excludedTest++;
      continue;
    }
    let app = byApp.get(t.appId);
    if (!app) byApp.set(t.appId, (app = new Map()));
    const currency = t.net.currency.toUpperCase();
    const gross = t.gross && t.gross.currency.toUpperCase() === currency ? new Decimal(t.gross.amount) : null;
    for (const bucket of [bucketFor(app, currency), bucketFor(total, currency)]) {
      for (const line of [bucket.byKind[t.kind] ?? bucket.byKind.other, bucket.total]) {
        line.net = line.net.plus(new Decimal(t.net.amount));
        if (gross) line.gross = line.gross.plus(gross);
        else line.grossUnknown++;
        line.transactions++;
      }
    }
  }
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, m]) => [id, sortedByCurrency(m)])),
    total: sortedByCurrency(total),
    excludedTest,
  };
}

function emptyLine(): KindRevenue {
  return { net: new Decimal(0), gross: new Decimal(0), grossUnknown: 0, transactions: 0 };
}

/** The currency's revenue lines in `map`, created empty on first use (shared with the SQL figures). */
export function bucketFor(map: Map<string, CurrencyRevenue>, currency: string): CurrencyRevenue {
  let bucket = map.get(currency);
  if (!bucket) {
    const byKind = Object.fromEntries(REVENUE_KINDS.map((k) => [k, emptyLine()])) as Record<RevenueKind, KindRevenue>;
    map.set(currency, (bucket = { currency, byKind, total: emptyLine() }));
  }
  return bucket;
}

export function sortedByCurrency(map: Map<string, CurrencyRevenue>): CurrencyRevenue[] {
  return [...map.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
