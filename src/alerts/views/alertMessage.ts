import type { KnownBlock } from '@slack/types';
import type { AlertDetails, AlertView, PlanView } from '../alertView.ts';
import { fallbackText, merchantText, mrkdwn, mrkdwnList, slackDate } from '../../slackApi/mrkdwn.ts';
import { plain, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import { alertActions, earlierAlertLine } from './alertButtons.ts';

export { MERCHANT_CARD_ACTION, parseMerchantButtonValue } from './alertButtons.ts';

export interface AlertMessage {
  text: string;
  blocks: KnownBlock[];
}

const TITLES: Record<AlertDetails['kind'], { emoji: string; title: string }> = {
  install: { emoji: ':tada:', title: 'New install' },
  uninstall: { emoji: ':wave:', title: 'Uninstall' },
  store_closed: { emoji: ':lock:', title: 'Store closed' },
  store_reopened: { emoji: ':unlock:', title: 'Store reopened' },
  subscription_new: { emoji: ':moneybag:', title: 'New subscription' },
  plan_change: { emoji: ':arrows_counterclockwise:', title: 'Plan change' },
  subscription_canceled: { emoji: ':x:', title: 'Subscription canceled' },
  subscription_frozen: { emoji: ':ice_cube:', title: 'Subscription frozen' },
  subscription_unfrozen: { emoji: ':sunny:', title: 'Subscription unfrozen' },
  one_time_charge: { emoji: ':shopping_bags:', title: 'One-time charge' },
  usage_cap: { emoji: ':warning:', title: 'Usage cap approaching' },
  credit_applied: { emoji: ':receipt:', title: 'Credit applied' },
  other: { emoji: ':information_source:', title: 'Shopify event' },
};

/** Prices carry the Partner API's currency code, so they are escaped and kept short like any merchant text. */
const PRICE_MAX = 80;
/** Names from the Partner API (shops, apps, plans) in one line. */
const NAME_MAX = 150;

/** A section field holds 2,000 characters: a merchant may give any number of reasons, so the list is capped. */
const FIELD_LIST_MAX = 1900;
/** The description shown under "In their words", after escaping (the section holds 3,000). */
const DESCRIPTION_MAX = 1500;

const price = (text: string) => merchantText(text, PRICE_MAX);

/** The header of an alert, e.g. "Reinstall" or "Plan change: upgrade". */
export function alertTitle(details: AlertDetails): string {
  if (details.kind === 'install' && details.reinstall) return 'Reinstall';
  if (details.kind === 'plan_change' && details.direction !== 'change') return `Plan change: ${details.direction}`;
  return TITLES[details.kind].title;
}

/** "*Shop Name* (shop.myshopify.com)", escaped; the domain alone, or the shop's absence, otherwise. */
export function shopLabel(view: Pick<AlertView, 'shopName' | 'shopDomain'>): string {
  const name = view.shopName ? `*${merchantText(view.shopName, NAME_MAX)}*` : null;
  const domain = view.shopDomain ? merchantText(view.shopDomain, NAME_MAX) : null;
  if (name && domain) return `${name} (${domain})`;
  return name ?? domain ?? '_an unknown shop_';
}

export function planLabel(plan: PlanView): string {
  const name = plan.name ? merchantText(plan.name, 100) : 'a plan';
  return plan.price ? `${name} ${price(plan.price)}` : name;
}

/** One line that says what happened, mrkdwn, merchant text escaped (also the text fallback's body). */
export function alertSummaryLine(view: AlertView): string {
  const shop = shopLabel(view);
  const d = view.details;
  switch (d.kind) {
    case 'install':
      return `${shop} ${d.reinstall ? 'reinstalled' : 'installed'} ${merchantText(view.appName, NAME_MAX)}`;
    case 'uninstall':
      return `${shop} uninstalled ${merchantText(view.appName, NAME_MAX)}`;
    case 'store_closed':
      return `Shopify closed ${shop} (the store's billing was deactivated; the merchant did not uninstall)`;
    case 'store_reopened':
      return `Shopify reopened ${shop}`;
    case 'subscription_new':
      return `${shop} subscribed to ${planLabel(d.plan)}`;
    case 'plan_change':
      return `${shop} changed plan: ${planLabel(d.from)} → ${planLabel(d.to)}`;
    case 'subscription_canceled':
      return `${shop} canceled ${planLabel(d.plan)}`;
    case 'subscription_frozen':
      return `${shop}'s ${planLabel(d.plan)} is frozen (the store is paused or its payment failed)`;
    case 'subscription_unfrozen':
      return `${shop}'s ${planLabel(d.plan)} is active again`;
    case 'one_time_charge':
      return `${shop} paid ${d.amount ? price(d.amount) : 'a one-time charge'}${d.name ? ` for ${merchantText(d.name, 100)}` : ''}`;
    case 'usage_cap':
      return `${shop} is approaching the usage cap${d.cap ? ` of ${price(d.cap)}` : ''} on ${planLabel({ ...d.plan, price: null })}`;
    case 'credit_applied':
      return `A credit${d.amount ? ` of ${price(d.amount)}` : ''} was applied to ${shop}`;
    case 'other':
      return `Shopify sent a \`${merchantText(d.type, 80)}\` event for ${shop} (partnerbot does not know this event type yet)`;
  }
}

function uninstallFields(d: Extract<AlertDetails, { kind: 'uninstall' }>): string[] {
  const reasons = d.reasons.length > 0 ? mrkdwnList(d.reasons.map((r) => merchantText(r, 150)), FIELD_LIST_MAX) : 'none given';
  const lost = d.mrrLost.length > 0 ? mrkdwnList(d.mrrLost.map(price), FIELD_LIST_MAX) : 'none (not paying)';
  return [`*Reasons*\n${reasons}`, `*Had the app for*\n${d.tenure ?? 'unknown (history still importing)'}`, `*MRR lost*\n${lost}`];
}

/** One alert as a Block Kit message with a text fallback, within Slack's limits. */
export function buildAlertMessage(view: AlertView): AlertMessage {
  const { emoji } = TITLES[view.details.kind];
  const title = alertTitle(view.details);
  const line = alertSummaryLine(view);
  const testMark = view.test ? ' [TEST]' : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${title}${testMark}`, PLAIN_LIMITS.header, { emoji: true }) },
    { type: 'section', text: mrkdwn(`${emoji} ${line}`) },
  ];
  const d = view.details;
  if (d.kind === 'uninstall') {
    blocks.push({ type: 'section', fields: uninstallFields(d).map((text) => mrkdwn(text, 2000)) });
    if (d.description) blocks.push({ type: 'section', text: mrkdwn(`*In their words*\n>${merchantText(d.description, DESCRIPTION_MAX)}`) });
  }
  const context = [merchantText(view.appName, NAME_MAX), slackDate(view.occurredAt, '{date_short_pretty} {time}')];
  // The shop's earlier alert in this channel, so a reader sees "installed 52 min ago" without scrolling.
  if (view.earlier) context.push(earlierAlertLine(view.earlier, view.occurredAt));
  if (view.test) context.push(':test_tube: Test charge: not counted in revenue or MRR');
  blocks.push({ type: 'context', elements: context.map((text) => mrkdwn(text)) });
  const actions = alertActions(view);
  if (actions) blocks.push(actions);
  return { text: fallbackText(`${title}${testMark}: ${line}`), blocks };
}
