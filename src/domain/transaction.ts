import type { Decimal } from 'decimal.js';

export const APP_TRANSACTION_TYPES = [
  'APP_SUBSCRIPTION_SALE',
  'APP_USAGE_SALE',
  'APP_ONE_TIME_SALE',
  'APP_SALE_ADJUSTMENT',
  'APP_SALE_CREDIT',
] as const;

/** Revenue kinds of METRICS.md: subscriptions, usage, one-time, adjustments (refunds), credits. */
export type RevenueKind = 'subscription' | 'usage' | 'one_time' | 'adjustment' | 'credit' | 'other';

export type BillingInterval = 'EVERY_30_DAYS' | 'ANNUAL' | (string & {});

export interface Money {
  amount: Decimal;
  currency: string;
}

/** One app transaction (revenue line). Identity = id. */
export interface AppTransaction {
  id: string; // full gid, e.g. gid://partners/AppSubscriptionSale/764220980
  typename: string; // __typename as sent, e.g. AppSubscriptionSale
  kind: RevenueKind;
  appId: string;
  shopId: string | null;
  shopDomain: string | null;
  chargeId: string | null; // trailing number
  billingInterval: BillingInterval | null;
  createdAt: string; // ISO-8601 UTC
  gross: Money | null;
  net: Money;
  shopifyFee: Money | null;
}
