import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppEvent } from '../../domain/appEvent.ts';
import { shopSegments, type ShopSegment } from '../../metrics/timeline.ts';
import type { Database } from '../schema.ts';
import { EVENT_COLUMNS, toAppEvent } from './storedEvents.ts';

export interface ShopRef {
  appId: string;
  shopId: string;
}

/** ends_at of a shop's current segment. */
export const OPEN_END = 'infinity';

/**
 * Re-derives the segments of these shops from all their stored events. Backfill pages arrive newest
 * first and live polls overlap, so an event can land before events already stored: rebuilding the
 * few shops a page touches (a shop has a handful of events) is simpler and safer than patching.
 */
export async function refreshShopSegments(trx: Transaction<Database>, connectionId: number, shops: readonly ShopRef[]): Promise<void> {
  const unique = [...new Map(shops.map((s) => [`${s.appId}/${s.shopId}`, s])).values()];
  if (unique.length === 0) return;
  const pairs = sql.join(unique.map((s) => sql`(${s.appId}, ${s.shopId})`));
  const rows = await trx
    .selectFrom('app_events')
    .select(EVENT_COLUMNS)
    .where('connection_id', '=', connectionId)
    .where(sql<boolean>`(app_id, shop_id) in (${pairs})`)
    .execute();
  await trx
    .deleteFrom('shop_segments')
    .where('connection_id', '=', connectionId)
    .where(sql<boolean>`(app_id, shop_id) in (${pairs})`)
    .execute();
  const byShop = new Map<string, AppEvent[]>();
  for (const row of rows) {
    const key = `${row.app_id}/${row.shop_id}`;
    let list = byShop.get(key);
    if (!list) byShop.set(key, (list = []));
    list.push(toAppEvent(row));
  }
  await insertSegments(trx, connectionId, [...byShop.values()].flatMap((events) => shopSegments(events)));
}

/**
 * Rebuilds every segment of a connection from its stored events, shop by shop, with the same
 * derivation as refreshShopSegments (a bulk import, or a repair after the derivation changes).
 */
export async function rebuildAllSegments(db: Kysely<Database>, connectionId: number, batchShops = 5000): Promise<number> {
  await db.deleteFrom('shop_segments').where('connection_id', '=', connectionId).execute();
  const shops = await db
    .selectFrom('app_events')
    .select(['app_id', 'shop_id'])
    .distinct()
    .where('connection_id', '=', connectionId)
    .orderBy('app_id')
    .orderBy('shop_id')
    .execute();
  let written = 0;
  for (let i = 0; i < shops.length; i += batchShops) {
    const batch = shops.slice(i, i + batchShops);
    const first = batch[0]!;
    const last = batch.at(-1)!;
    // One range read per batch: (app_id, shop_id) order matches the unique index's prefix.
    const rows = await db
      .selectFrom('app_events')
      .select(EVENT_COLUMNS)
      .where('connection_id', '=', connectionId)
      .where(sql<boolean>`(app_id, shop_id) between (${first.app_id}, ${first.shop_id}) and (${last.app_id}, ${last.shop_id})`)
      .orderBy('app_id')
      .orderBy('shop_id')
      .execute();
    const segments: ShopSegment[] = [];
    let current: AppEvent[] = [];
    for (const row of rows) {
      const previous = current[0];
      if (previous && (previous.appId !== row.app_id || previous.shopId !== row.shop_id)) {
        segments.push(...shopSegments(current));
        current = [];
      }
      current.push(toAppEvent(row));
    }
    segments.push(...shopSegments(current));
    await db.transaction().execute((trx) => insertSegments(trx, connectionId, segments));
    written += segments.length;
  }
  return written;
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
          amount: s.amount?.toString() ?? null,
          currency: s.currency,
        })),
      )
      .execute();
  }
}
