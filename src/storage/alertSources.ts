import type { Kysely, Transaction } from 'kysely';
import type { AppEvent } from '../domain/appEvent.ts';
import type { Database } from './schema.ts';
import { toAppEvent } from './timelines/storedEvents.ts';

// What an alert's message is derived from: its events, the shop's history, charge intervals and the
// app's name. Reads only: the sync and the connect flow write these tables.

type Db = Kysely<Database> | Transaction<Database>;

export async function loadEvent(db: Db, eventId: number): Promise<AppEvent | null> {
  const row = await db.selectFrom('app_events').selectAll().where('id', '=', eventId).executeTakeFirst();
  return row ? toAppEvent(row) : null;
}

/** Events of one (app, shop) that occurred at or before `until`, except `excludeIds`: the state before an alert's event. */
export async function loadShopHistory(db: Db, connectionId: number, event: AppEvent, excludeIds: number[]): Promise<AppEvent[]> {
  const rows = await db
    .selectFrom('app_events')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('app_id', '=', event.appId)
    .where('shop_id', '=', event.shopId)
    .where('occurred_at', '<=', event.occurredAt)
    .where('id', 'not in', excludeIds.length > 0 ? excludeIds : [-1])
    .orderBy('occurred_at')
    .execute();
  return rows.map(toAppEvent);
}

export async function appName(db: Db, connectionId: number, appId: string): Promise<string> {
  const row = await db.selectFrom('tracked_apps').select('name').where('connection_id', '=', connectionId).where('app_id', '=', appId).executeTakeFirst();
  return row?.name ?? `App ${appId}`;
}
