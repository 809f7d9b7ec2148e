import { Decimal } from 'decimal.js';
import { trailingNumber } from '../../domain/ids.ts';
import type { AppTransaction } from '../../domain/transaction.ts';
import { inWindow, instantKey, windowKeys } from '../ordering.ts';
import { bucketFor, sortedByCurrency, type CurrencyRevenue, type RevenueReport } from '../revenue.ts';

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
