import { Decimal } from 'decimal.js';
import type { AppEvent } from '../domain/appEvent.ts';
import { chargeMonthlyAmount, type IntervalMap } from './monthly.ts';
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
  /** The live charge's monthly amount (metrics/monthly.ts); null when its price is not known. */
  monthly: Decimal | null;
  currency: string | null;
  intervalUnknown: boolean;
  /** startsAfter of the shop's first paying segment, on every segment of the shop. */
  firstPaidAfter: InstantKey | null;
}

/**
 * The segments of one (app, shop) from all its events, through the same reducer as `replay`, so
 * every figure read from segments equals the replayed one. Events at one instant apply together
 * (nothing can observe the states between them); consecutive equal states merge; states that are
 * neither installed, closed nor paying are left out — a shop with no segment at t is such a state.
 */
export function shopSegments(events: readonly AppEvent[], intervals: IntervalMap): ShopSegment[] {
  const sorted = sortEvents(events);
  const first = sorted[0];
  if (!first) return [];
  let state: ShopState = emptyShopState(first.event.appId, first.event.shopId);
  const all: ShopSegment[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const { key, event } = sorted[i]!;
    state = applyShopEvent(state, event, key);
    if (sorted[i + 1]?.key === key) continue;
    const next = segmentOf(state, key, intervals);
    const previous = all.at(-1);
    if (previous && sameState(previous, next)) continue;
    if (previous) previous.endsAt = key;
    all.push(next);
  }
  const firstPaidAfter = all.find((s) => s.paying)?.startsAfter ?? null;
  return all.filter((s) => s.paying || s.install === 'installed' || s.install === 'closed').map((s) => ({ ...s, firstPaidAfter }));
}

function segmentOf(state: ShopState, key: InstantKey, intervals: IntervalMap): ShopSegment {
  // The reducer keeps at most one live charge per (app, shop): an activation ends the others.
  const live = Object.values(state.charges).find((c) => c.status === 'live' && !c.test) ?? null;
  const monthly = live ? chargeMonthlyAmount(live, intervals) : null;
  return {
    appId: state.appId,
    shopId: state.shopId,
    startsAfter: key,
    endsAt: null,
    install: state.install,
    paying: live !== null,
    chargeId: live?.chargeId ?? null,
    monthly: monthly?.amount ?? null,
    currency: monthly?.currency ?? live?.currency?.toUpperCase() ?? null,
    intervalUnknown: monthly?.intervalUnknown ?? false,
    firstPaidAfter: null,
  };
}

function sameState(a: ShopSegment, b: ShopSegment): boolean {
  return (
    a.install === b.install &&
    a.paying === b.paying &&
    a.chargeId === b.chargeId &&
    a.currency === b.currency &&
    a.intervalUnknown === b.intervalUnknown &&
    (a.monthly === null ? b.monthly === null : b.monthly !== null && a.monthly.equals(b.monthly))
  );
}

/** Totals of one (app, currency, UTC day): see state_day_deltas in migrations/0002. */
export interface DayDelta {
  appId: string;
  currency: string;
  day: string;
  installed: number;
  paying: number;
  priced: number;
  intervalUnknown: number;
  mrr: Decimal;
}

/**
 * How segments change the running totals: each adds its figures on the day it starts and takes them
 * away on the day it ends; sign -1 undoes segments being replaced.
 */
export function addDayDeltas(into: Map<string, DayDelta>, segments: readonly ShopSegment[], sign: 1 | -1): Map<string, DayDelta> {
  for (const s of segments) {
    const installed = s.install === 'installed' ? 1 : 0;
    const priced = s.paying && s.monthly !== null && s.currency !== null;
    for (const [at, direction] of [[s.startsAfter, sign], [s.endsAt, -sign]] as const) {
      if (at === null) continue;
      const currency = s.paying ? (s.currency ?? '') : '';
      const day = at.slice(0, 10);
      const key = `${s.appId}\u0000${currency}\u0000${day}`;
      let d = into.get(key);
      if (!d) into.set(key, (d = { appId: s.appId, currency, day, installed: 0, paying: 0, priced: 0, intervalUnknown: 0, mrr: new Decimal(0) }));
      d.installed += direction * installed;
      d.paying += direction * (s.paying ? 1 : 0);
      d.priced += direction * (priced ? 1 : 0);
      d.intervalUnknown += direction * (priced && s.intervalUnknown ? 1 : 0);
      if (priced) d.mrr = d.mrr.plus(s.monthly!.times(direction));
    }
  }
  return into;
}
