import type { AppEvent } from '../../domain/appEvent.ts';
import { trailingNumber } from '../../domain/ids.ts';
import { chargeMonthlyAmount, type IntervalMap } from '../../metrics/monthly.ts';
import { liveCharges, replay, shopKey } from '../../metrics/state.ts';
import type { Money } from './matchRoutes.ts';

// The facts a rule's `paying` and `min` filters need, derived from stored events (pure).

/**
 * Whether the shop had a live paid subscription just before the event: `history` is the shop's events
 * up to the event, without it. Test charges and $0 plans do not count; a live plan whose price never
 * arrived does (like MRR's paying count: it is a paying merchant).
 */
export function paidBefore(history: readonly AppEvent[], event: Pick<AppEvent, 'appId' | 'shopId'>): boolean {
  const shop = replay(history).get(shopKey(event.appId, event.shopId));
  if (!shop) return false;
  return liveCharges(shop).some((c) => !c.test && (c.amount === null || c.amount.gt(0)));
}

/**
 * The amount an event is about: a subscription's monthly amount (annual plans /12, METRICS.md), or a
 * one-time charge's, credit's or cap's amount. Null when the event carries none.
 */
export function eventAmount(event: AppEvent, intervals: IntervalMap): Money | null {
  if (event.amount === null || event.currency === null) return null;
  if (event.type.startsWith('SUBSCRIPTION_CHARGE_') && event.chargeId) {
    const monthly = chargeMonthlyAmount(
      { chargeId: trailingNumber(event.chargeId), status: 'live', amount: event.amount, currency: event.currency, test: event.test, name: event.chargeName },
      intervals,
    );
    if (monthly) return { amount: monthly.amount, currency: monthly.currency };
  }
  return { amount: event.amount, currency: event.currency.toUpperCase() };
}
