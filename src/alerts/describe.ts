import { Decimal } from 'decimal.js';
import type { AppEvent } from '../domain/appEvent.ts';
import type { BillingInterval } from '../domain/transaction.ts';
import { formatMoney } from '../metrics/format.ts';
import { chargeMonthlyAmount, shopMonthly, type IntervalMap } from '../metrics/monthly.ts';
import { splitReasons } from '../metrics/reasons.ts';
import { replay, shopKey, type ChargeState } from '../metrics/state.ts';
import type { AlertDetails, AlertView, PlanView } from './alertView.ts';
import { alertKindOf } from './kinds.ts';

export interface AlertInput {
  event: AppEvent;
  /** The other half of a plan change (CANCELED for an ACTIVATED, or the reverse). */
  partner: AppEvent | null;
  /** Earlier events of the same (app, shop), the event itself excluded; may be partial (history still importing). */
  history: readonly AppEvent[];
  intervals: IntervalMap;
  appName: string;
}

/** What an event's alert says, derived with the metrics engine (state replay, monthly amounts). Pure. */
export function describeAlert(input: AlertInput): AlertView | null {
  const { event } = input;
  const kind = alertKindOf(event.type);
  if (kind === null) return null;
  const details = input.partner ? planChange(input) : describeKind(kind, input);
  return {
    details,
    appName: input.appName,
    shopName: event.shopName,
    shopDomain: event.shopDomain,
    shopId: event.shopId,
    occurredAt: event.occurredAt,
    test: event.test || (input.partner?.test ?? false),
  };
}

function describeKind(kind: NonNullable<ReturnType<typeof alertKindOf>>, input: AlertInput): AlertDetails {
  const { event } = input;
  switch (kind) {
    case 'install':
      return { kind, reinstall: stateBefore(input).everInstalled };
    case 'uninstall':
      return uninstall(input);
    case 'store_closed':
    case 'store_reopened':
      return { kind };
    case 'subscription_new':
    case 'subscription_canceled':
    case 'subscription_frozen':
    case 'subscription_unfrozen':
      return { kind, plan: planOf(event, input.intervals) };
    case 'usage_cap':
      return { kind, plan: planOf(event, input.intervals), cap: money(event) };
    case 'one_time_charge':
      return { kind, name: event.chargeName, amount: money(event) };
    case 'credit_applied':
      return { kind, amount: money(event) };
    case 'plan_change':
    case 'other':
      return { kind: 'other', type: event.type };
  }
}

function planChange(input: AlertInput): AlertDetails {
  const [canceled, activated] = input.event.type === 'SUBSCRIPTION_CHARGE_CANCELED' ? [input.event, input.partner!] : [input.partner!, input.event];
  const from = planOf(canceled, input.intervals);
  const to = planOf(activated, input.intervals);
  let direction: 'upgrade' | 'downgrade' | 'change' = 'change';
  if (from.monthly && to.monthly && from.monthly.currency === to.monthly.currency) {
    const cmp = new Decimal(to.monthly.amount).cmp(from.monthly.amount);
    direction = cmp > 0 ? 'upgrade' : cmp < 0 ? 'downgrade' : 'change';
  }
  return { kind: 'plan_change', from, to, direction };
}

function uninstall(input: AlertInput): AlertDetails {
  const before = stateBefore(input);
  const lost = shopMonthly(before, input.intervals);
  const mrrLost = [...lost.byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => `${formatMoney(amount, currency)}/month`);
  const installs = input.history.filter((e) => e.type === 'RELATIONSHIP_INSTALLED' && e.occurredAt <= input.event.occurredAt);
  const since = installs.map((e) => e.occurredAt).sort().at(-1);
  return {
    kind: 'uninstall',
    reasons: splitReasons(input.event.reason),
    description: input.event.description?.trim() || null,
    tenure: since ? formatTenure(Date.parse(input.event.occurredAt) - Date.parse(since)) : null,
    mrrLost,
  };
}

function stateBefore(input: AlertInput) {
  const state = replay(input.history);
  return (
    state.get(shopKey(input.event.appId, input.event.shopId)) ?? {
      appId: input.event.appId, shopId: input.event.shopId, shopDomain: null, shopName: null,
      install: 'never' as const, everInstalled: false, everLive: false, charges: {}, lastEventKey: null,
    }
  );
}

/** The plan an event names, priced per month (amount / 12 for ANNUAL, METRICS.md). */
export function planOf(event: AppEvent, intervals: IntervalMap): PlanView {
  if (!event.chargeId || event.amount === null || event.currency === null) {
    return { name: event.chargeName, price: money(event), monthly: null };
  }
  const charge: ChargeState = { chargeId: event.chargeId, status: 'live', amount: event.amount, currency: event.currency, test: event.test, name: event.chargeName };
  const monthly = chargeMonthlyAmount(charge, intervals);
  if (!monthly) return { name: event.chargeName, price: null, monthly: null };
  const interval: BillingInterval | undefined = intervals.get(event.chargeId);
  const perMonth = `${formatMoney(monthly.amount, monthly.currency)}/month`;
  const price = interval === 'ANNUAL' ? `${formatMoney(event.amount, event.currency)}/year (${perMonth})` : perMonth;
  return { name: event.chargeName, price, monthly: { amount: monthly.amount.toString(), currency: monthly.currency } };
}

function money(event: AppEvent): string | null {
  return event.amount !== null && event.currency !== null ? formatMoney(event.amount, event.currency) : null;
}

/** "3 months", "12 days", "5 hours", "less than an hour". */
export function formatTenure(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(ms / 86_400_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (hours < 1) return 'less than an hour';
  if (days < 1) return plural(hours, 'hour');
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.round(days / 30.4375), 'month');
  return plural(Math.floor(days / 365.25), 'year');
}
