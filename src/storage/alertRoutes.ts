import { sql, type Kysely, type Transaction } from 'kysely';
import type { AlertRoute, NewAlertRoute } from '../domain/alertRoute.ts';
import { moveQueuedAlertsTo } from './alertOutbox/held.ts';
import { clearChannelPause } from './alertChannels.ts';
import type { AlertRoutesTable, Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Row = Omit<AlertRoutesTable, 'id' | 'paying' | 'kinds' | 'min_amount' | 'created_at'> & { id: number; paying: boolean; kinds: string[]; min_amount: string | null };

function toRoute(row: Row): AlertRoute {
  return {
    id: row.id,
    connectionId: row.connection_id,
    position: row.position,
    scope: row.scope,
    kinds: row.kinds,
    appId: row.app_id,
    channelId: row.channel_id,
    paying: row.paying,
    min: row.min_amount === null ? null : { amount: row.min_amount, currency: row.min_currency },
    mention: row.mention,
  };
}

function toValues(route: NewAlertRoute) {
  return {
    scope: route.scope,
    kinds: route.scope === 'kinds' ? route.kinds : [],
    app_id: route.appId,
    channel_id: route.channelId,
    paying: route.paying,
    min_amount: route.min?.amount ?? null,
    min_currency: route.min?.currency ?? null,
    mention: route.mention,
  };
}

/** The connection's rules, in order. */
export async function listRoutes(db: Db, connectionId: number): Promise<AlertRoute[]> {
  const rows = await db.selectFrom('alert_routes').selectAll().where('connection_id', '=', connectionId).orderBy('position').execute();
  return rows.map(toRoute);
}

/** Appends a rule at the end of the list. */
export async function addRoute(db: Db, connectionId: number, route: NewAlertRoute): Promise<AlertRoute> {
  const row = await db
    .insertInto('alert_routes')
    .values((eb) => ({
      connection_id: connectionId,
      position: eb.selectFrom('alert_routes').select(sql<number>`coalesce(max(position), 0) + 1`.as('next')).where('connection_id', '=', connectionId),
      ...toValues(route),
    }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRoute(row);
}

/** Replaces rule `position` (an edit); null when there is no such rule. */
export async function replaceRoute(db: Db, connectionId: number, position: number, route: NewAlertRoute): Promise<AlertRoute | null> {
  const row = await db
    .updateTable('alert_routes')
    .set(toValues(route))
    .where('connection_id', '=', connectionId)
    .where('position', '=', position)
    .returningAll()
    .executeTakeFirst();
  return row ? toRoute(row) : null;
}

/** Removes rule `position` and renumbers the ones after it; returns it, or null when there is none. */
export async function removeRoute(trx: Transaction<Database>, connectionId: number, position: number): Promise<AlertRoute | null> {
  const row = await trx.deleteFrom('alert_routes').where('connection_id', '=', connectionId).where('position', '=', position).returningAll().executeTakeFirst();
  if (!row) return null;
  await trx
    .updateTable('alert_routes')
    .set((eb) => ({ position: eb('position', '-', 1) }))
    .where('connection_id', '=', connectionId)
    .where('position', '>', position)
    .execute();
  return toRoute(row);
}

/**
 * A new connection routes everything to the alerts channel chosen in the connect modal; a reconnect
 * of the same organization keeps the rules it had (they name channels, not the organization).
 */
export async function ensureDefaultRoute(trx: Transaction<Database>, connectionId: number, alertsChannelId: string | null): Promise<void> {
  if (!alertsChannelId) return;
  const existing = await trx.selectFrom('alert_routes').select('id').where('connection_id', '=', connectionId).executeTakeFirst();
  if (existing) return;
  await addRoute(trx, connectionId, { scope: 'all', kinds: [], appId: null, channelId: alertsChannelId, paying: false, min: null, mention: null });
}

/**
 * The admin chose another alerts channel in the connect modal: the rules naming the old one name the
 * new one, and the alerts waiting for the old channel (held by a pause, or queued) move there in
 * their order, as they did before rules existed.
 */
export async function repointRoutes(trx: Transaction<Database>, connectionId: number, fromChannelId: string, toChannelId: string, now: Date): Promise<void> {
  await trx.updateTable('alert_routes').set({ channel_id: toChannelId }).where('connection_id', '=', connectionId).where('channel_id', '=', fromChannelId).execute();
  const ref = { connectionId, channelId: fromChannelId };
  await moveQueuedAlertsTo(trx, ref, toChannelId, now);
  await clearChannelPause(trx, ref);
}

/** Whether any rule of the connection posts in this channel. */
export async function channelHasRoutes(db: Db, connectionId: number, channelId: string): Promise<boolean> {
  const row = await db.selectFrom('alert_routes').select('id').where('connection_id', '=', connectionId).where('channel_id', '=', channelId).executeTakeFirst();
  return row !== undefined;
}
