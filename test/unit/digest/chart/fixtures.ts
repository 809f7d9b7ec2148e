import { Decimal } from 'decimal.js';
import type { ChartInput, WeeklyPoint } from '../../../../src/digest/chart/types.ts';

/** Mondays from 2026-08-31 on: Aug 31, Sep 7 ... Nov 16 for 12 weeks. */
export function weeks(net: (number | string)[], mrr: (i: number) => number | string = (i) => 1000 + i * 100): WeeklyPoint[] {
  const first = Date.UTC(2026, 7, 31);
  return net.map((n, i) => ({
    weekStart: new Date(first + i * 7 * 86_400_000).toISOString().slice(0, 10),
    netRevenue: new Decimal(n),
    mrr: new Decimal(mrr(i)),
  }));
}

export const TWELVE_WEEKS_WITH_A_REFUND_WEEK: ChartInput = {
  title: 'Weekly revenue — Acme Upsell',
  currency: 'USD',
  points: weeks([1800, 2110, 2840, 2730, 3460, 4190, -520, 4390, 5120, 4590, 5320, 6050], (i) => 8200 + i * 690.5),
  otherCurrencies: ['EUR', 'GBP'],
};

export const ALL_ZERO: ChartInput = {
  title: 'Weekly revenue — New App',
  currency: 'USD',
  points: weeks(Array(12).fill(0), () => 0),
};
