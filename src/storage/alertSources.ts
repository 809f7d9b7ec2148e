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

/** The organization of a connection, for links to the Partner Dashboard. */
export async function organizationOf(db: Db, connectionId: number): Promise<string | null> {
  const row = await db.selectFrom('partner_connections').select('organization_id').where('id', '=', connectionId).executeTakeFirst();
  return row?.organization_id ?? null;
}

export interface EarlierSentAlert {
  type: string;
  occurredAt: string;
  planChange: boolean;
}

/**
 * The latest alert already sent, in the channel of outbox row `outboxId`, about the same (app, shop)
 * as `event`, whose event occurred in the `withinMs` before it. Null when there is none.
 */
export async function latestEarlierSentAlert(db: Db, connectionId: number, outboxId: number, event: AppEvent, withinMs: number): Promise<EarlierSentAlert | null> {
  const since = new Date(Date.parse(event.occurredAt) - withinMs).toISOString();
  const row = await db
    .selectFrom('alert_outbox as mine')
    .innerJoin('alert_outbox as o', (join) => join.onRef('o.connection_id', '=', 'mine.connection_id').onRef('o.channel_id', '=', 'mine.channel_id'))
    .innerJoin('app_events as e', 'e.id', 'o.event_id')
    .select(['e.type', 'e.occurred_at', 'o.paired_event_id'])
    .where('mine.id', '=', outboxId)
    .where('mine.connection_id', '=', connectionId)
    .where('o.id', '<>', outboxId)
    .where('o.status', '=', 'sent')
    .where('e.connection_id', '=', connectionId)
    .where('e.app_id', '=', event.appId)
    .where('e.shop_id', '=', event.shopId)
    .where('e.occurred_at', '<', event.occurredAt)
    .where('e.occurred_at', '>=', since)
    .orderBy('e.occurred_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { type: row.type, occurredAt: row.occurred_at, planChange: row.paired_event_id !== null } : null;
}
