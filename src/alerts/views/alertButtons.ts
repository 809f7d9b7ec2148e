import type { KnownBlock } from '@slack/types';
import type { AlertView, EarlierAlert } from '../alertView.ts';
import { partnerDashboardUrl } from '../../domain/partnerDashboard.ts';
import { plain } from '../../slackApi/plainText.ts';

/** The alert's "Merchant" button; its handler is src/slack/alerts/registerMerchantButton.ts. */
export const MERCHANT_CARD_ACTION = 'alert_merchant_card';
export const PARTNER_DASHBOARD_ACTION = 'alert_partner_dashboard';

const DIGITS = /^\d{1,20}$/;

/** `connectionId:shopId`: which card to show. Never trusted on its own: the handler checks the connection is the clicker's. */
export function merchantButtonValue(connectionId: number, shopId: string): string {
  return `${connectionId}:${shopId}`;
}

export function parseMerchantButtonValue(value: string): { connectionId: number; shopId: string } | null {
  const match = /^(\d{1,15}):(\d{1,20})$/.exec(value);
  return match ? { connectionId: Number(match[1]), shopId: match[2]! } : null;
}

/** The buttons of an alert about a shop: Partner Dashboard (a link) and Merchant (the card, only for the clicker). */
export function alertActions(view: Pick<AlertView, 'shopId' | 'links'>): KnownBlock | null {
  if (!view.links || !view.shopId || !DIGITS.test(view.shopId)) return null;
  const url = partnerDashboardUrl(view.links.organizationId, view.shopId);
  return {
    type: 'actions',
    elements: [
      ...(url ? [{ type: 'button' as const, action_id: PARTNER_DASHBOARD_ACTION, text: plain('Partner Dashboard', 75), url }] : []),
      { type: 'button', action_id: MERCHANT_CARD_ACTION, text: plain('Merchant', 75), value: merchantButtonValue(view.links.connectionId, view.shopId) },
    ],
  };
}

const DONE: Record<string, string> = {
  RELATIONSHIP_INSTALLED: 'installed',
  RELATIONSHIP_UNINSTALLED: 'uninstalled',
  RELATIONSHIP_DEACTIVATED: 'store closed',
  RELATIONSHIP_REACTIVATED: 'store reopened',
  SUBSCRIPTION_CHARGE_ACTIVATED: 'subscribed',
  SUBSCRIPTION_CHARGE_CANCELED: 'canceled the plan',
  SUBSCRIPTION_CHARGE_FROZEN: 'plan frozen',
  SUBSCRIPTION_CHARGE_UNFROZEN: 'plan active again',
  SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT: 'neared the usage cap',
  ONE_TIME_CHARGE_ACTIVATED: 'paid a one-time charge',
  CREDIT_APPLIED: 'credit applied',
};

/** "52 min ago", "3 h ago"; "just before" under a minute. */
export function agoText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just before';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** One line naming the shop's earlier alert in this channel: "installed 52 min ago". */
export function earlierAlertLine(earlier: EarlierAlert, occurredAt: string): string {
  const what = earlier.planChange ? 'changed plan' : (DONE[earlier.type] ?? 'had an earlier alert');
  return `:leftwards_arrow_with_hook: ${what} ${agoText(Date.parse(occurredAt) - Date.parse(earlier.occurredAt))}`;
}
