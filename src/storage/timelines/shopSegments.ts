import { Decimal } from 'decimal.js';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AppEvent } from '../../domain/appEvent.ts';
import type { BillingInterval } from '../../domain/transaction.ts';
import { STATE_CHANGING_EVENT_TYPES } from '../../metrics/state.ts';
import { addDayDeltas, shopSegments, type DayDelta, type ShopSegment } from '../../metrics/timeline.ts';
import type { Database } from '../schema.ts';
import { EVENT_COLUMNS, toAppEvent } from './storedEvents.ts';
import { writeDayDeltas } from './dayDeltas.ts';
import { loadChargeIntervals } from './chargeIntervals.ts';
import { lockFigureState } from './stateLock.ts';

export interface ShopRef {
  appId: string;
  shopId: string;
}

/** ends_at of a shop's current segment. */
export const OPEN_END = 'infinity';

/**
 * Re-derives the segments of these shops from their stored install and subscription events (the only
 * ones that change state: usage, one-time, credit and cap events are not read), and moves the day
 * totals by the difference. Backfill pages arrive newest first and live polls overlap, so an event can land
 * before events already stored: rebuilding the few shops a page touches (a shop has a handful of
 * events) is simpler and safer than patching.
 */
export async function refreshShopSegments(trx: Transaction<Database>, connectionId: number, shops: readonly ShopRef[]): Promise<void> {
  const unique = [...new Map(shops.map((s) => [`${s.appId}/${s.shopId}`, s])).values()];
  if (unique.length === 0) return;
  await lockFigureState(trx, connectionId);
  // Two arrays joined back into pairs: one parameter each, and an index lookup per shop.
  const pairs = sql`select * from unnest(${unique.map((s) => s.appId)}::text[], ${unique.map((s) => s.shopId)}::text[])`;
  const rows = await trx
    .selectFrom('app_events')
    .select(EVENT_COLUMNS)
    .where('connection_id', '=', connectionId)
    .where(sql<boolean>`(app_id, shop_id) in (${pairs})`)
    .where('type', 'in', STATE_CHANGING_EVENT_TYPES)
    .execute();
  const removed = await trx
    .deleteFrom('shop_segments')
    .where('connection_id', '=', connectionId)
    .where(sql<boolean>`(app_id, shop_id) in (${pairs})`)
    .returningAll()
    .execute();
  const events = rows.map(toAppEvent);
  const intervals = await loadChargeIntervals(trx, connectionId, [...new Set(events.map((e) => e.chargeId).filter((id): id is string => id !== null))]);
  const segments = segmentsByShop(events, intervals);
  const deltas = addDayDeltas(new Map(), removed.map(fromRow), -1);
  addDayDeltas(deltas, segments, 1);
  await insertSegments(trx, connectionId, segments);
  await writeDayDeltas(trx, connectionId, deltas.values());
}

/** Re-derives every shop that has a segment on one of these charges (their interval became known). */
export async function refreshShopsOfCharges(trx: Transaction<Database>, connectionId: number, chargeIds: readonly string[]): Promise<void> {
  if (chargeIds.length === 0) return;
  const shops = await trx
    .selectFrom('shop_segments')
    .select(['app_id', 'shop_id'])
    .distinct()
    .where('connection_id', '=', connectionId)
    .where('charge_id', 'in', chargeIds)
    .execute();
  await refreshShopSegments(trx, connectionId, shops.map((s) => ({ appId: s.app_id, shopId: s.shop_id })));
}

/**
 * Rebuilds every segment and day total of a connection from its stored events, with the same
 * derivation as refreshShopSegments: after a bulk import, or to repair after the derivation changes.
 */
export async function rebuildAllSegments(db: Kysely<Database>, connectionId: number, batchShops = 5000): Promise<number> {
  await db.deleteFrom('shop_segments').where('connection_id', '=', connectionId).execute();
  await db.deleteFrom('state_day_deltas').where('connection_id', '=', connectionId).execute();
  const intervalRows = await db.selectFrom('charge_intervals').select(['charge_id', 'billing_interval']).where('connection_id', '=', connectionId).execute();
  const intervals = new Map<string, BillingInterval>(intervalRows.map((r) => [r.charge_id, r.billing_interval]));
  const shops = await db
    .selectFrom('app_events')
    .select(['app_id', 'shop_id'])
    .distinct()
    .where('connection_id', '=', connectionId)
    .orderBy('app_id')
    .orderBy('shop_id')
    .execute();
  const deltas = new Map<string, DayDelta>();
  let written = 0;
  for (let i = 0; i < shops.length; ) {
    // One index range read per batch, within one app: (connection_id, app_id, shop_id) leads the unique index.
    const first = shops[i]!;
    let end = i;
    while (end < shops.length && end - i < batchShops && shops[end]!.app_id === first.app_id) end++;
    const last = shops[end - 1]!;
    const rows = await db
      .selectFrom('app_events')
      .select(EVENT_COLUMNS)
      .where('connection_id', '=', connectionId)
      .where('app_id', '=', first.app_id)
      .where('shop_id', '>=', first.shop_id)
      .where('shop_id', '<=', last.shop_id)
      .where('type', 'in', STATE_CHANGING_EVENT_TYPES)
      .execute();
    const segments = segmentsByShop(rows.map(toAppEvent), intervals);
    addDayDeltas(deltas, segments, 1);
    await db.transaction().execute((trx) => insertSegments(trx, connectionId, segments));
    written += segments.length;
    i = end;
  }
  await db.transaction().execute((trx) => writeDayDeltas(trx, connectionId, deltas.values()));
  return written;
}

function segmentsByShop(events: readonly AppEvent[], intervals: ReadonlyMap<string, BillingInterval>): ShopSegment[] {
  const byShop = new Map<string, AppEvent[]>();
  for (const event of events) {
    const key = `${event.appId}/${event.shopId}`;
    const list = byShop.get(key);
    if (list) list.push(event);
    else byShop.set(key, [event]);
  }
  return [...byShop.values()].flatMap((list) => shopSegments(list, intervals));
}

function fromRow(row: Selectable<Database['shop_segments']>): ShopSegment {
  return {
    appId: row.app_id,
    shopId: row.shop_id,
    startsAfter: row.starts_after,
    endsAt: row.ends_at === OPEN_END ? null : row.ends_at,
    install: row.install,
    paying: row.paying,
    chargeId: row.charge_id,
    monthly: row.monthly_amount === null ? null : new Decimal(row.monthly_amount),
    currency: row.currency,
    intervalUnknown: row.interval_unknown,
    firstPaidAfter: row.first_paid_after,
  };
}

async function insertSegments(trx: Transaction<Database>, connectionId: number, segments: readonly ShopSegment[]): Promise<void> {
  // Bounded statements: PostgreSQL takes at most 65,535 parameters per query.
  for (let i = 0; i < segments.length; i += 2000) {
    await trx
      .insertInto('shop_segments')
      .values(
        segments.slice(i, i + 2000).map((s) => ({
          connection_id: connectionId,
          app_id: s.appId,
          shop_id: s.shopId,
          starts_after: s.startsAfter,
          ends_at: s.endsAt ?? OPEN_END,
          install: s.install,
          paying: s.paying,
          charge_id: s.chargeId,
          monthly_amount: s.monthly?.toString() ?? null,
          currency: s.currency,
          interval_unknown: s.intervalUnknown,
          first_paid_after: s.firstPaidAfter,
        })),
      )
      .execute();
  }
}
