import type { Decimal } from 'decimal.js';
import type { AppEvent } from '../domain/appEvent.ts';
import { sortEvents, type InstantKey } from './ordering.ts';
import { applyShopEvent, emptyShopState, type InstallStatus, type ShopState } from './state.ts';

/**
 * The state of one (app, shop) over a stretch of time: it holds at every t with
 * startsAfter < t <= endsAt ("state at t" applies the events with occurredAt < t). endsAt null means
 * it is the shop's current state.
 */
export interface ShopSegment {
  appId: string;
  shopId: string;
  startsAfter: InstantKey;
  endsAt: InstantKey | null;
  install: InstallStatus;
  /** A live, non-test subscription. */
  paying: boolean;
  chargeId: string | null;
  /** The live charge's amount as charged (not yet /12 for annual plans); null when never priced. */
  amount: Decimal | null;
  currency: string | null;
}

/**
 * The segments of one (app, shop) from all its events, through the same reducer as `replay`, so
 * every figure read from segments equals the replayed one. Events at one instant apply together
 * (nothing can observe the states between them); consecutive equal states merge; states that are
 * neither installed, closed nor paying are left out — a shop with no segment at t is such a state.
 */
export function shopSegments(events: readonly AppEvent[]): ShopSegment[] {
  const sorted = sortEvents(events);
  const first = sorted[0];
  if (!first) return [];
  let state: ShopState = emptyShopState(first.event.appId, first.event.shopId);
  const all: ShopSegment[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const { key, event } = sorted[i]!;
    state = applyShopEvent(state, event, key);
    if (sorted[i + 1]?.key === key) continue;
    const next = segmentOf(state, key);
    const previous = all.at(-1);
    if (previous && sameState(previous, next)) continue;
    if (previous) previous.endsAt = key;
    all.push(next);
  }
  return all.filter((s) => s.paying || s.install === 'installed' || s.install === 'closed');
}

function segmentOf(state: ShopState, key: InstantKey): ShopSegment {
  // The reducer keeps at most one live charge per (app, shop): an activation ends the others.
  const live = Object.values(state.charges).find((c) => c.status === 'live' && !c.test) ?? null;
  return {
    appId: state.appId,
    shopId: state.shopId,
    startsAfter: key,
    endsAt: null,
    install: state.install,
    paying: live !== null,
    chargeId: live?.chargeId ?? null,
    amount: live?.amount ?? null,
    currency: live?.currency?.toUpperCase() ?? null,
  };
}

function sameState(a: ShopSegment, b: ShopSegment): boolean {
  return (
    a.install === b.install &&
    a.paying === b.paying &&
    a.chargeId === b.chargeId &&
    a.currency === b.currency &&
    (a.amount === null ? b.amount === null : b.amount !== null && a.amount.equals(b.amount))
  );
}
