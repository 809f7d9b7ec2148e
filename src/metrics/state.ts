import type { Decimal } from 'decimal.js';
import type { AppEvent } from '../domain/appEvent.ts';
import { trailingNumber } from '../domain/ids.ts';
import { instantKey, sortEvents, type InstantKey } from './ordering.ts';

export type InstallStatus = 'never' | 'installed' | 'uninstalled' | 'closed';
/** pending = accepted, not yet activated. frozen counts $0. ended is terminal. */
export type ChargeStatus = 'pending' | 'live' | 'frozen' | 'ended';

export interface ChargeState {
  readonly chargeId: string;
  readonly status: ChargeStatus;
  readonly amount: Decimal | null;
  readonly currency: string | null;
  readonly test: boolean;
  readonly name: string | null;
}

/** Install and subscription state of one (app, shop). Immutable: every change returns a new object. */
export interface ShopState {
  readonly appId: string;
  readonly shopId: string;
  readonly shopDomain: string | null;
  readonly shopName: string | null;
  readonly install: InstallStatus;
  /** Installed (or reactivated) at some earlier instant: a later INSTALLED is a reinstall. */
  readonly everInstalled: boolean;
  /** A non-test subscription was live at some earlier instant: a later one is a reactivation. */
  readonly everLive: boolean;
  /** Subscription charges only (one-time, usage and credits are not MRR), by trailing number. */
  readonly charges: Readonly<Record<string, ChargeState>>;
  /** Instant of the last applied event; an incremental caller must only apply events at or after it. */
  readonly lastEventKey: InstantKey | null;
}

/**
 * Workspace state keyed by shopKey(appId, shopId). A plain Map so replay stays linear: applyEvent
 * replaces one entry in place instead of copying the whole map per event.
 */
export type WorkspaceState = Map<string, ShopState>;

export function shopKey(appId: string, shopId: string): string {
  return `${appId}/${shopId}`;
}

export function emptyShopState(appId: string, shopId: string): ShopState {
  return {
    appId,
    shopId,
    shopDomain: null,
    shopName: null,
    install: 'never',
    everInstalled: false,
    everLive: false,
    charges: {},
    lastEventKey: null,
  };
}

/** The event types applyShopEvent acts on; every other type leaves install and subscription state as it was. */
export const STATE_CHANGING_EVENT_TYPES: readonly string[] = [
  'RELATIONSHIP_INSTALLED',
  'RELATIONSHIP_REACTIVATED',
  'RELATIONSHIP_DEACTIVATED',
  'RELATIONSHIP_UNINSTALLED',
  'SUBSCRIPTION_CHARGE_ACCEPTED',
  'SUBSCRIPTION_CHARGE_ACTIVATED',
  'SUBSCRIPTION_CHARGE_UNFROZEN',
  'SUBSCRIPTION_CHARGE_FROZEN',
  'SUBSCRIPTION_CHARGE_CANCELED',
  'SUBSCRIPTION_CHARGE_DECLINED',
  'SUBSCRIPTION_CHARGE_EXPIRED',
];
const STATE_CHANGING_TYPES: ReadonlySet<string> = new Set(STATE_CHANGING_EVENT_TYPES);

/** False for usage, one-time, credit, cap and unknown events: storing one cannot change any figure derived from state. */
export function changesShopState(type: string): boolean {
  return STATE_CHANGING_TYPES.has(type);
}

/** Pure reducer for one (app, shop). Events must arrive in the order of ordering.ts. */
export function applyShopEvent(shop: ShopState, event: AppEvent, key: InstantKey = instantKey(event.occurredAt)): ShopState {
  const base: ShopState = {
    ...shop,
    shopDomain: event.shopDomain ?? shop.shopDomain,
    shopName: event.shopName ?? shop.shopName,
    lastEventKey: key,
  };
  switch (event.type) {
    case 'RELATIONSHIP_INSTALLED':
    case 'RELATIONSHIP_REACTIVATED':
      return { ...base, install: 'installed', everInstalled: true };
    case 'RELATIONSHIP_DEACTIVATED':
      return { ...base, install: 'closed' };
    case 'RELATIONSHIP_UNINSTALLED':
      return { ...base, install: 'uninstalled', charges: mapCharges(shop.charges, () => 'ended') };
    case 'SUBSCRIPTION_CHARGE_ACCEPTED':
    case 'SUBSCRIPTION_CHARGE_ACTIVATED':
    case 'SUBSCRIPTION_CHARGE_UNFROZEN':
    case 'SUBSCRIPTION_CHARGE_FROZEN':
    case 'SUBSCRIPTION_CHARGE_CANCELED':
    case 'SUBSCRIPTION_CHARGE_DECLINED':
    case 'SUBSCRIPTION_CHARGE_EXPIRED':
      return applyChargeEvent(base, event);
    default:
      // CAPPED_AMOUNT_UPDATED / APPROACHING_CAPPED_AMOUNT carry the cap, not the price: ignored, as are
      // one-time, usage, credit and unknown event types.
      return base;
  }
}

function applyChargeEvent(shop: ShopState, event: AppEvent): ShopState {
  if (!event.chargeId) return shop;
  const chargeId = trailingNumber(event.chargeId);
  const prev = shop.charges[chargeId];
  const status = nextStatus(prev?.status, event.type);
  const charge: ChargeState = {
    chargeId,
    status,
    amount: event.amount ?? prev?.amount ?? null,
    currency: event.currency ?? prev?.currency ?? null,
    // Once any event marks a charge as test, it stays excluded from money figures.
    test: event.test || (prev?.test ?? false),
    name: event.chargeName ?? prev?.name ?? null,
  };
  let charges: Record<string, ChargeState> = { ...shop.charges };
  if (status === 'live' && prev?.status !== 'live') {
    // At most one live subscription per (app, shop): the newly live charge supersedes the others.
    charges = mapCharges(charges, (c) => (c.status === 'live' ? 'ended' : c.status));
  }
  charges[chargeId] = charge;
  const everLive = shop.everLive || (status === 'live' && !charge.test);
  return { ...shop, charges, everLive };
}

function nextStatus(prev: ChargeStatus | undefined, type: string): ChargeStatus {
  switch (type) {
    case 'SUBSCRIPTION_CHARGE_ACCEPTED':
      // An acceptance never follows an activation in Shopify's lifecycle; if one arrives late (same
      // instant, unknown order) it must not take a live charge out of MRR.
      return prev ?? 'pending';
    case 'SUBSCRIPTION_CHARGE_ACTIVATED':
      return 'live';
    case 'SUBSCRIPTION_CHARGE_UNFROZEN':
      // Unfreezing revives a frozen charge; a charge already ended (canceled, or ended by an
      // uninstall) stays ended.
      return prev === 'ended' ? 'ended' : 'live';
    case 'SUBSCRIPTION_CHARGE_FROZEN':
      return prev === 'ended' ? 'ended' : 'frozen';
    default:
      return 'ended';
  }
}

function mapCharges(
  charges: Readonly<Record<string, ChargeState>>,
  status: (c: ChargeState) => ChargeStatus,
): Record<string, ChargeState> {
  const out: Record<string, ChargeState> = {};
  for (const [id, c] of Object.entries(charges)) {
    const s = status(c);
    out[id] = s === c.status ? c : { ...c, status: s };
  }
  return out;
}

/**
 * Applies one event to the workspace state. Mutates and returns `state` (the entry for the event's
 * (app, shop) is replaced by a new immutable ShopState), so a caller can keep state between polls.
 */
export function applyEvent(state: WorkspaceState, event: AppEvent, key?: InstantKey): WorkspaceState {
  const k = shopKey(event.appId, event.shopId);
  const shop = state.get(k) ?? emptyShopState(event.appId, event.shopId);
  state.set(k, applyShopEvent(shop, event, key));
  return state;
}

/** State at `until` (every event with occurredAt < until), or after all events. Sorts once: O(n log n). */
export function replay(events: readonly AppEvent[], until?: Date): WorkspaceState {
  if (until === undefined) {
    const state: WorkspaceState = new Map();
    for (const { key, event } of sortEvents(events)) applyEvent(state, event, key);
    return state;
  }
  return replaySnapshots(events, [until])[0]!;
}

/**
 * States at several instants from one pass over the events (e.g. the two ends of a window).
 * Snapshots are shallow copies: ShopStates are immutable, so sharing them is safe.
 */
export function replaySnapshots(events: readonly AppEvent[], instants: readonly Date[]): WorkspaceState[] {
  const order = instants.map((d, i) => ({ key: instantKey(d), i })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const result: WorkspaceState[] = new Array<WorkspaceState>(instants.length);
  const state: WorkspaceState = new Map();
  let next = 0;
  for (const { key, event } of sortEvents(events)) {
    while (next < order.length && key >= order[next]!.key) result[order[next++]!.i] = new Map(state);
    applyEvent(state, event, key);
  }
  while (next < order.length) result[order[next++]!.i] = new Map(state);
  return result;
}

export function liveCharges(shop: ShopState): ChargeState[] {
  return Object.values(shop.charges).filter((c) => c.status === 'live');
}

/** Charge ids (trailing numbers) of test charges in the events: excluded from every money figure. */
export function testChargeIds(events: readonly AppEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (e.test && e.chargeId) ids.add(trailingNumber(e.chargeId));
  return ids;
}
