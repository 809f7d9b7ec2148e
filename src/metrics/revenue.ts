import { Decimal } from 'decimal.js';
import type { RevenueKind } from '../domain/transaction.ts';

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
