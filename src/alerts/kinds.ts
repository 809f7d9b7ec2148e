/**
 * The alert kinds a workspace can switch on or off, and which event types produce them. Event types
 * missing here (ACCEPTED, DECLINED and EXPIRED charges, cap updates, usage charges, failed or pending
 * credits) are not alerts: their outbox rows are marked skipped. A type Shopify adds later that the
 * schema does not know yet posts a generic "other" alert (a kind that can be switched off too).
 */
export const ALERT_KINDS = [
  'install',
  'uninstall',
  'store_closed',
  'store_reopened',
  'subscription_new',
  'plan_change',
  'subscription_canceled',
  'subscription_frozen',
  'subscription_unfrozen',
  'one_time_charge',
  'usage_cap',
  'credit_applied',
  'other',
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  install: 'Installs',
  uninstall: 'Uninstalls',
  store_closed: 'Store closed',
  store_reopened: 'Store reopened',
  subscription_new: 'New subscriptions',
  plan_change: 'Plan changes',
  subscription_canceled: 'Cancellations',
  subscription_frozen: 'Subscription frozen',
  subscription_unfrozen: 'Subscription unfrozen',
  one_time_charge: 'One-time charges',
  usage_cap: 'Usage cap approaching',
  credit_applied: 'Credits applied',
  other: 'Other Shopify events',
};

const BY_TYPE: Record<string, AlertKind | null> = {
  RELATIONSHIP_INSTALLED: 'install',
  RELATIONSHIP_UNINSTALLED: 'uninstall',
  RELATIONSHIP_DEACTIVATED: 'store_closed',
  RELATIONSHIP_REACTIVATED: 'store_reopened',
  SUBSCRIPTION_CHARGE_ACTIVATED: 'subscription_new',
  SUBSCRIPTION_CHARGE_CANCELED: 'subscription_canceled',
  SUBSCRIPTION_CHARGE_FROZEN: 'subscription_frozen',
  SUBSCRIPTION_CHARGE_UNFROZEN: 'subscription_unfrozen',
  ONE_TIME_CHARGE_ACTIVATED: 'one_time_charge',
  SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT: 'usage_cap',
  CREDIT_APPLIED: 'credit_applied',
  ONE_TIME_CHARGE_ACCEPTED: null,
  ONE_TIME_CHARGE_DECLINED: null,
  ONE_TIME_CHARGE_EXPIRED: null,
  SUBSCRIPTION_CHARGE_ACCEPTED: null,
  SUBSCRIPTION_CHARGE_DECLINED: null,
  SUBSCRIPTION_CHARGE_EXPIRED: null,
  SUBSCRIPTION_CAPPED_AMOUNT_UPDATED: null,
  USAGE_CHARGE_APPLIED: null,
  CREDIT_FAILED: null,
  CREDIT_PENDING: null,
};

/** The kind an event type alerts as, or null when that type is never an alert. */
export function alertKindOf(type: string): AlertKind | null {
  return type in BY_TYPE ? BY_TYPE[type]! : 'other';
}

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(value);
}

/** The two halves of a plan change (METRICS.md "Alerts derived from events"). */
export const PAIR_TYPES = { canceled: 'SUBSCRIPTION_CHARGE_CANCELED', activated: 'SUBSCRIPTION_CHARGE_ACTIVATED' } as const;
export const PAIR_WINDOW_MS = 60_000;
