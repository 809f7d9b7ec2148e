import type { AppEvent } from '../domain/appEvent.ts';
import { chargeMonthlyAmount, type IntervalMap } from '../metrics/monthly.ts';
import { sortEvents } from '../metrics/ordering.ts';
import { splitReasons } from '../metrics/reasons.ts';
import { applyShopEvent, emptyShopState, type ChargeState, type InstallStatus, type ShopState } from '../metrics/state.ts';
import type { ShopRecords } from '../storage/merchants/shopRecords.ts';

/** The plan a shop is on now for one app: its live (or frozen) subscription. */
export interface CurrentPlan {
  name: string | null;
  status: 'live' | 'frozen';
  /** Per month (annual /12), exact decimal string; null when the price never arrived. */
  monthly: { amount: string; currency: string } | null;
  intervalUnknown: boolean;
  test: boolean;
}

/** One tracked app's line of the merchant card (docs/metrics.md definitions). */
export interface MerchantAppFacts {
  appId: string;
  appName: string;
  install: InstallStatus;
  firstInstall: string | null;
  /** Installs by a shop that had installed (or reopened) before. */
  reinstalls: number;
  plan: CurrentPlan | null;
  /** Start of the current run of paying (a live non-test subscription); null when not paying. */
  payingSince: string | null;
  /** Lifetime net revenue per currency, never added across currencies. */
  revenue: { currency: string; net: string }[];
}

export interface MerchantEventLine {
  appName: string;
  type: string;
  occurredAt: string;
  test: boolean;
}

export interface MerchantReason {
  appName: string;
  occurredAt: string;
  reasons: string[];
  description: string | null;
}

export interface MerchantFacts {
  shopId: string;
  shopName: string | null;
  shopDomain: string | null;
  apps: MerchantAppFacts[];
  /** Newest first, at most `LAST_EVENTS`. */
  lastEvents: MerchantEventLine[];
  eventCount: number;
  /** Every uninstall, newest first. */
  uninstalls: MerchantReason[];
}

export const LAST_EVENTS = 10;

const isPaying = (shop: ShopState) => Object.values(shop.charges).some((c) => c.status === 'live' && !c.test);

/** The card's facts from a shop's stored records, replayed with the metrics engine. Pure. */
export function merchantFacts(shopId: string, records: ShopRecords, apps: readonly { appId: string; name: string }[]): MerchantFacts {
  const appName = (appId: string) => apps.find((a) => a.appId === appId)?.name || `App ${appId}`;
  const sorted = sortEvents(records.events);
  const perApp: MerchantAppFacts[] = [];
  for (const app of apps) {
    const events = sorted.filter((k) => k.event.appId === app.appId);
    if (events.length === 0 && !records.revenue.some((r) => r.appId === app.appId)) continue;
    perApp.push(appFacts(shopId, app.appId, appName(app.appId), events, records));
  }
  const latest = [...records.events].reverse();
  return {
    shopId,
    shopName: latest.find((e) => e.shopName)?.shopName ?? null,
    shopDomain: latest.find((e) => e.shopDomain)?.shopDomain ?? null,
    apps: perApp,
    lastEvents: sorted.slice(-LAST_EVENTS).reverse().map(({ event }) => ({ appName: appName(event.appId), type: event.type, occurredAt: event.occurredAt, test: event.test })),
    eventCount: sorted.length,
    uninstalls: sorted
      .filter(({ event }) => event.type === 'RELATIONSHIP_UNINSTALLED')
      .reverse()
      .map(({ event }) => ({ appName: appName(event.appId), occurredAt: event.occurredAt, reasons: splitReasons(event.reason), description: event.description?.trim() || null })),
  };
}

function appFacts(shopId: string, appId: string, appName: string, events: { key: string; event: AppEvent }[], records: ShopRecords): MerchantAppFacts {
  let shop = emptyShopState(appId, shopId);
  let firstInstall: string | null = null;
  let reinstalls = 0;
  let payingSince: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const { key, event } = events[i]!;
    if (event.type === 'RELATIONSHIP_INSTALLED') {
      firstInstall ??= event.occurredAt;
      if (shop.everInstalled) reinstalls++;
    }
    shop = applyShopEvent(shop, markTest(event, records.testChargeIds), key);
    // Paying is judged once all events of an instant are applied: a plan change at one instant is no gap.
    if (events[i + 1]?.key === key) continue;
    const paying = isPaying(shop);
    if (paying && payingSince === null) payingSince = event.occurredAt;
    if (!paying) payingSince = null;
  }
  return {
    appId,
    appName,
    install: shop.install,
    firstInstall,
    reinstalls,
    plan: currentPlan(shop, records.intervals),
    payingSince,
    revenue: records.revenue.filter((r) => r.appId === appId).map((r) => ({ currency: r.currency, net: r.net })),
  };
}

/** A charge that any event marked as test stays a test charge (test_charges), whatever its other events say. */
function markTest(event: AppEvent, testChargeIds: ReadonlySet<string>): AppEvent {
  return event.chargeId && testChargeIds.has(event.chargeId) && !event.test ? { ...event, test: true } : event;
}

function currentPlan(shop: ShopState, intervals: IntervalMap): CurrentPlan | null {
  const charges = Object.values(shop.charges);
  const charge: ChargeState | undefined = charges.find((c) => c.status === 'live') ?? charges.find((c) => c.status === 'frozen');
  if (!charge) return null;
  const monthly = chargeMonthlyAmount(charge, intervals);
  return {
    name: charge.name,
    status: charge.status === 'live' ? 'live' : 'frozen',
    monthly: monthly ? { amount: monthly.amount.toString(), currency: monthly.currency } : null,
    intervalUnknown: monthly?.intervalUnknown ?? false,
    test: charge.test,
  };
}
