import { merchantText } from '../../slackApi/mrkdwn.ts';

const LABELS: Record<string, string> = {
  RELATIONSHIP_INSTALLED: 'Installed',
  RELATIONSHIP_UNINSTALLED: 'Uninstalled',
  RELATIONSHIP_DEACTIVATED: 'Store closed',
  RELATIONSHIP_REACTIVATED: 'Store reopened',
  ONE_TIME_CHARGE_ACCEPTED: 'One-time charge accepted',
  ONE_TIME_CHARGE_ACTIVATED: 'One-time charge paid',
  ONE_TIME_CHARGE_DECLINED: 'One-time charge declined',
  ONE_TIME_CHARGE_EXPIRED: 'One-time charge expired',
  SUBSCRIPTION_CHARGE_ACCEPTED: 'Subscription accepted',
  SUBSCRIPTION_CHARGE_ACTIVATED: 'Subscription activated',
  SUBSCRIPTION_CHARGE_CANCELED: 'Subscription canceled',
  SUBSCRIPTION_CHARGE_DECLINED: 'Subscription declined',
  SUBSCRIPTION_CHARGE_EXPIRED: 'Subscription expired',
  SUBSCRIPTION_CHARGE_FROZEN: 'Subscription frozen',
  SUBSCRIPTION_CHARGE_UNFROZEN: 'Subscription unfrozen',
  SUBSCRIPTION_CAPPED_AMOUNT_UPDATED: 'Usage cap updated',
  SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT: 'Usage cap approaching',
  CREDIT_APPLIED: 'Credit applied',
  CREDIT_FAILED: 'Credit failed',
  CREDIT_PENDING: 'Credit pending',
  USAGE_CHARGE_APPLIED: 'Usage charge',
};

/** An event type in words, mrkdwn; a type Shopify added later is shown as sent, escaped. */
export function eventLabel(type: string): string {
  return LABELS[type] ?? `\`${merchantText(type, 60)}\``;
}
