/** Simulator data, shaped like the API (gids, Decimal strings, microsecond instants). */

export interface SimMoney {
  amount: string;
  currencyCode: string;
}

export interface SimShop {
  /** gid://partners/Shop/N */
  id: string;
  myshopifyDomain: string;
  name: string;
}

export type SimChargeKind = 'subscription' | 'one_time' | 'usage' | 'credit';

export interface SimCharge {
  kind: SimChargeKind;
  /** e.g. gid://shopify/AppSubscription/N */
  id: string;
  name: string;
  test: boolean;
  amount: SimMoney;
  billingOn?: string | null;
}

export interface SimEvent {
  /** gid://partners/App/N */
  appId: string;
  shopId: string;
  /** AppEvent implementation, e.g. RelationshipUninstalled. */
  typename: string;
  type: string;
  occurredAt: string;
  charge?: SimCharge;
  reason?: string | null;
  description?: string | null;
}

export interface SimTransaction {
  /** gid://partners/AppSubscriptionSale/N */
  id: string;
  typename: string;
  appId: string;
  shopId: string | null;
  createdAt: string;
  chargeId: string | null;
  billingInterval?: string | null;
  grossAmount: SimMoney | null;
  netAmount: SimMoney;
  shopifyFee: SimMoney | null;
}

export interface SimDataSet {
  shops: SimShop[];
  events: SimEvent[];
  transactions: SimTransaction[];
}

export const EVENT_TYPENAME: Record<string, string> = {
  RELATIONSHIP_INSTALLED: 'RelationshipInstalled',
  RELATIONSHIP_UNINSTALLED: 'RelationshipUninstalled',
  RELATIONSHIP_REACTIVATED: 'RelationshipReactivated',
  RELATIONSHIP_DEACTIVATED: 'RelationshipDeactivated',
  ONE_TIME_CHARGE_ACCEPTED: 'OneTimeChargeAccepted',
  ONE_TIME_CHARGE_ACTIVATED: 'OneTimeChargeActivated',
  ONE_TIME_CHARGE_DECLINED: 'OneTimeChargeDeclined',
  ONE_TIME_CHARGE_EXPIRED: 'OneTimeChargeExpired',
  SUBSCRIPTION_CHARGE_ACCEPTED: 'SubscriptionChargeAccepted',
  SUBSCRIPTION_CHARGE_ACTIVATED: 'SubscriptionChargeActivated',
  SUBSCRIPTION_CHARGE_CANCELED: 'SubscriptionChargeCanceled',
  SUBSCRIPTION_CHARGE_DECLINED: 'SubscriptionChargeDeclined',
  SUBSCRIPTION_CHARGE_EXPIRED: 'SubscriptionChargeExpired',
  SUBSCRIPTION_CHARGE_FROZEN: 'SubscriptionChargeFrozen',
  SUBSCRIPTION_CHARGE_UNFROZEN: 'SubscriptionChargeUnfrozen',
  SUBSCRIPTION_CAPPED_AMOUNT_UPDATED: 'SubscriptionCappedAmountUpdated',
  SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT: 'SubscriptionApproachingCappedAmount',
  CREDIT_APPLIED: 'CreditApplied',
  CREDIT_FAILED: 'CreditFailed',
  CREDIT_PENDING: 'CreditPending',
  USAGE_CHARGE_APPLIED: 'UsageChargeApplied',
};

export const TRANSACTION_TYPE_BY_TYPENAME: Record<string, string> = {
  AppSubscriptionSale: 'APP_SUBSCRIPTION_SALE',
  AppUsageSale: 'APP_USAGE_SALE',
  AppOneTimeSale: 'APP_ONE_TIME_SALE',
  AppSaleAdjustment: 'APP_SALE_ADJUSTMENT',
  AppSaleCredit: 'APP_SALE_CREDIT',
};
