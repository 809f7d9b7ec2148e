import { Decimal } from 'decimal.js';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import type { AppTransaction, BillingInterval, RevenueKind } from '../../../src/domain/transaction.ts';

/** Fixed reference instant of the metric tests: Monday 2026-03-09 15:00 UTC. */
export const NOW = new Date('2026-03-09T15:00:00Z');
export const APP = '1001';
export const OTHER_APP = '1002';

type EventType =
  | 'INSTALLED' | 'UNINSTALLED' | 'REACTIVATED' | 'DEACTIVATED'
  | 'ACCEPTED' | 'ACTIVATED' | 'CANCELED' | 'DECLINED' | 'EXPIRED' | 'FROZEN' | 'UNFROZEN'
  | 'CAPPED_AMOUNT_UPDATED' | 'APPROACHING_CAPPED_AMOUNT' | 'USAGE_CHARGE_APPLIED' | 'ONE_TIME_CHARGE_ACTIVATED';

const FULL: Record<EventType, string> = {
  INSTALLED: 'RELATIONSHIP_INSTALLED',
  UNINSTALLED: 'RELATIONSHIP_UNINSTALLED',
  REACTIVATED: 'RELATIONSHIP_REACTIVATED',
  DEACTIVATED: 'RELATIONSHIP_DEACTIVATED',
  ACCEPTED: 'SUBSCRIPTION_CHARGE_ACCEPTED',
  ACTIVATED: 'SUBSCRIPTION_CHARGE_ACTIVATED',
  CANCELED: 'SUBSCRIPTION_CHARGE_CANCELED',
  DECLINED: 'SUBSCRIPTION_CHARGE_DECLINED',
  EXPIRED: 'SUBSCRIPTION_CHARGE_EXPIRED',
  FROZEN: 'SUBSCRIPTION_CHARGE_FROZEN',
  UNFROZEN: 'SUBSCRIPTION_CHARGE_UNFROZEN',
  CAPPED_AMOUNT_UPDATED: 'SUBSCRIPTION_CAPPED_AMOUNT_UPDATED',
  APPROACHING_CAPPED_AMOUNT: 'SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT',
  USAGE_CHARGE_APPLIED: 'USAGE_CHARGE_APPLIED',
  ONE_TIME_CHARGE_ACTIVATED: 'ONE_TIME_CHARGE_ACTIVATED',
};

export interface EventOptions {
  app?: string;
  shop?: string;
  charge?: string;
  amount?: string;
  currency?: string;
  test?: boolean;
  name?: string;
  reason?: string | null;
  description?: string | null;
  domain?: string;
}

/** ev('ACTIVATED', '2026-03-01T10:00:00Z', { shop: '1', charge: '42', amount: '19.00' }) */
export function ev(type: EventType, occurredAt: string, o: EventOptions = {}): AppEvent {
  const chargeEvent = o.charge !== undefined;
  return {
    appId: o.app ?? APP,
    shopId: o.shop ?? '1',
    shopDomain: o.domain ?? `shop-${o.shop ?? '1'}.myshopify.com`,
    shopName: null,
    type: FULL[type],
    occurredAt,
    chargeId: o.charge ?? null,
    chargeName: o.name ?? null,
    amount: o.amount !== undefined ? new Decimal(o.amount) : null,
    currency: o.amount !== undefined ? (o.currency ?? 'USD') : chargeEvent ? (o.currency ?? null) : null,
    test: o.test ?? false,
    billingOn: null,
    reason: o.reason ?? null,
    description: o.description ?? null,
  };
}

export interface TxOptions {
  app?: string;
  shop?: string;
  charge?: string;
  interval?: BillingInterval;
  gross?: string | null;
  currency?: string;
}

const TYPENAMES: Record<RevenueKind, string> = {
  subscription: 'AppSubscriptionSale',
  usage: 'AppUsageSale',
  one_time: 'AppOneTimeSale',
  adjustment: 'AppSaleAdjustment',
  credit: 'AppSaleCredit',
  other: 'AppSaleOther',
};

let txSeq = 0;

export function tx(kind: RevenueKind, createdAt: string, net: string, o: TxOptions = {}): AppTransaction {
  const currency = o.currency ?? 'USD';
  const typename = TYPENAMES[kind];
  return {
    id: `gid://partners/${typename}/${++txSeq}`,
    typename,
    kind,
    appId: o.app ?? APP,
    shopId: o.shop ?? '1',
    shopDomain: null,
    chargeId: o.charge ?? null,
    billingInterval: o.interval ?? null,
    createdAt,
    gross: o.gross === null ? null : { amount: new Decimal(o.gross ?? net), currency },
    net: { amount: new Decimal(net), currency },
    shopifyFee: null,
  };
}

export const usd = (s: string): Decimal => new Decimal(s);

/** Decimal -> string for readable equality assertions. */
export function str(d: Decimal | null | undefined): string | null {
  return d == null ? null : new Decimal(d).toFixed();
}
