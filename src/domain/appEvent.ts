import type { Decimal } from 'decimal.js';

/** The 21 legacy AppEventTypes of the Partner API. */
export const APP_EVENT_TYPES = [
  'RELATIONSHIP_INSTALLED',
  'RELATIONSHIP_UNINSTALLED',
  'RELATIONSHIP_REACTIVATED',
  'RELATIONSHIP_DEACTIVATED',
  'ONE_TIME_CHARGE_ACCEPTED',
  'ONE_TIME_CHARGE_ACTIVATED',
  'ONE_TIME_CHARGE_DECLINED',
  'ONE_TIME_CHARGE_EXPIRED',
  'SUBSCRIPTION_CHARGE_ACCEPTED',
  'SUBSCRIPTION_CHARGE_ACTIVATED',
  'SUBSCRIPTION_CHARGE_CANCELED',
  'SUBSCRIPTION_CHARGE_DECLINED',
  'SUBSCRIPTION_CHARGE_EXPIRED',
  'SUBSCRIPTION_CHARGE_FROZEN',
  'SUBSCRIPTION_CHARGE_UNFROZEN',
  'SUBSCRIPTION_CAPPED_AMOUNT_UPDATED',
  'SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT',
  'CREDIT_APPLIED',
  'CREDIT_FAILED',
  'CREDIT_PENDING',
  'USAGE_CHARGE_APPLIED',
] as const;

export type KnownAppEventType = (typeof APP_EVENT_TYPES)[number];
/** A type string the API sent; may be one the schema does not know yet (kept, never crashed on). */
export type AppEventType = KnownAppEventType | (string & {});

/**
 * One app event as partnerbot stores it. Legacy events have no id: identity is
 * (appId, shopId, type, occurredAt, chargeId) — see METRICS.md "Inputs".
 */
export interface AppEvent {
  appId: string; // numeric part of gid://partners/App/N
  shopId: string; // numeric part of gid://partners/Shop/N
  shopDomain: string | null;
  shopName: string | null;
  type: AppEventType;
  /** ISO-8601 UTC with the API's full (microsecond) precision; compare as strings of equal format. */
  occurredAt: string;
  /** Trailing number of the charge or app credit id, when the event has one. */
  chargeId: string | null;
  chargeName: string | null;
  amount: Decimal | null;
  currency: string | null;
  test: boolean;
  billingOn: string | null;
  reason: string | null;
  description: string | null;
}
