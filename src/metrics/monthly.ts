import { Decimal } from 'decimal.js';
import type { AppTransaction, BillingInterval } from '../domain/transaction.ts';
import { trailingNumber } from '../domain/ids.ts';
import { instantKey } from './ordering.ts';
import type { ChargeState, ShopState } from './state.ts';

/** Billing interval per subscription charge id (trailing number). */
export type IntervalMap = ReadonlyMap<string, BillingInterval>;

export interface LatestSale {
  interval: BillingInterval;
  createdAt: AppTransaction['createdAt'];
}

/**
 * Each subscription charge's latest AppSubscriptionSale (METRICS.md: a charge's interval comes only
 * from its sales). When sales disagree the latest wins: it reflects the plan the charge is on now.
 */
export function latestSubscriptionSales(transactions: readonly AppTransaction[]): Map<string, LatestSale> {
  const latest = new Map<string, LatestSale & { key: string }>();
  for (const t of transactions) {
    if (t.typename !== 'AppSubscriptionSale' && t.kind !== 'subscription') continue;
    if (!t.chargeId || !t.billingInterval) continue;
    const id = trailingNumber(t.chargeId);
    const key = instantKey(t.createdAt);
    const prev = latest.get(id);
    if (!prev || key >= prev.key) latest.set(id, { key, interval: t.billingInterval, createdAt: t.createdAt });
  }
  return latest;
}

export interface MonthlyAmount {
  chargeId: string;
  currency: string;
  amount: Decimal;
  /** No AppSubscriptionSale names the interval: taken as EVERY_30_DAYS, to be said when explained. */
  intervalUnknown: boolean;
}

/**
 * Decimal places of an annual plan's monthly amount. amount/12 has no finite decimal form; carried
 * to 10 places (10^-8 of a cent, half-even so errors do not drift one way), every later sum is exact
 * within decimal.js's 20 significant digits, so MRR movements add up to the last digit.
 */
export const MONTHLY_DECIMALS = 10;

/** Monthly amount of a charge: its amount, /12 when ANNUAL. Null when the price is not known. */
export function chargeMonthlyAmount(charge: ChargeState, intervals: IntervalMap): MonthlyAmount | null {
  if (charge.amount === null || charge.currency === null) return null;
  const interval = intervals.get(charge.chargeId);
  const amount = new Decimal(charge.amount);
  return {
    chargeId: charge.chargeId,
    currency: charge.currency.toUpperCase(),
    amount: interval === 'ANNUAL' ? amount.div(12).toDecimalPlaces(MONTHLY_DECIMALS, Decimal.ROUND_HALF_EVEN) : amount,
    intervalUnknown: interval === undefined,
  };
}

/** What one (app, shop) contributes to MRR: live, non-test charges, per currency. */
export interface ShopMonthly {
  byCurrency: Map<string, Decimal>;
  /** Has a live non-test subscription (a paying merchant), priced or not. */
  paying: boolean;
  intervalUnknownCharges: number;
  /** Live non-test charges whose amount or currency never arrived: counted as paying, not in MRR. */
  unpricedCharges: number;
}

export function shopMonthly(shop: ShopState, intervals: IntervalMap): ShopMonthly {
  const byCurrency = new Map<string, Decimal>();
  let paying = false;
  let intervalUnknownCharges = 0;
  let unpricedCharges = 0;
  for (const charge of Object.values(shop.charges)) {
    if (charge.status !== 'live' || charge.test) continue;
    paying = true;
    const monthly = chargeMonthlyAmount(charge, intervals);
    if (!monthly) {
      unpricedCharges++;
      continue;
    }
    if (monthly.intervalUnknown) intervalUnknownCharges++;
    byCurrency.set(monthly.currency, (byCurrency.get(monthly.currency) ?? new Decimal(0)).plus(monthly.amount));
  }
  return { byCurrency, paying, intervalUnknownCharges, unpricedCharges };
}
