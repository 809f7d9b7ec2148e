import type { AppTransaction, BillingInterval } from '../../domain/transaction.ts';
import { latestSubscriptionSales } from '../monthly.ts';

/**
 * The interval of each charge, from its AppSubscriptionSale transactions (METRICS.md: the only
 * source). When sales disagree, the latest sale wins: it reflects the plan the charge is on now.
 */
export function billingIntervals(transactions: readonly AppTransaction[]): Map<string, BillingInterval> {
  return new Map([...latestSubscriptionSales(transactions)].map(([id, sale]) => [id, sale.interval]));
}
