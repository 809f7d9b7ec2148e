import type { Decimal } from 'decimal.js';

/** One week of one currency: net revenue earned that week and MRR at its end. */
export interface WeeklyPoint {
  /** First day of the week, `YYYY-MM-DD`. */
  weekStart: string;
  /** Sales minus refunds; negative when refunds outweigh sales. */
  netRevenue: Decimal;
  mrr: Decimal;
}

export interface ChartInput {
  title: string;
  /** ISO 4217 code of every amount in `points`; amounts of different currencies are never combined. */
  currency: string;
  /** Oldest first. Only the last MAX_CHART_WEEKS are drawn. */
  points: WeeklyPoint[];
  /** Currencies with revenue that this chart leaves out; named in the subtitle. */
  otherCurrencies?: string[];
  /**
   * What one point covers (default week): `weekStart` is then a Monday, or the 1st of a calendar
   * month; it decides the x labels and the legend ("Net revenue per month").
   */
  period?: ChartPeriod;
}

export type ChartPeriod = 'week' | 'month';

export const MAX_CHART_WEEKS = 12;
