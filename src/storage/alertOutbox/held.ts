import { sql, type Kysely, type Transaction } from 'kysely';
import type { AlertChannelRef } from '../alertChannels.ts';
import type { Database } from '../schema.ts';

/** The channel was just paused: its pending alerts are held (status paused) until it works again. */
export async function holdChannelAlerts(trx: Transaction<Database>, ref: AlertChannelRef, reason: string): Promise<void> {
  await trx
    .updateTable('alert_outbox')
    .set({ status: 'paused', claimed_by: null, claimed_until: null, last_error: reason })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('status', '=', 'pending')
    .execute();
}

/** The channel works again: its held alerts become due, oldest first as always. Returns how many. */
export async function releaseHeldAlerts(trx: Transaction<Database>, ref: AlertChannelRef, now: Date): Promise<number> {
  const moved = await trx
    .updateTable('alert_outbox')
    .set({ status: 'pending', available_at: now, claimed_by: null, claimed_until: null })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('status', '=', 'paused')
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/** Alerts queued for a channel since it was paused join the held ones. */
export async function holdAlertsOfPausedChannels(db: Kysely<Database>): Promise<void> {
  await sql`
    UPDATE alert_outbox o SET status = 'paused', claimed_by = NULL, claimed_until = NULL
    FROM alert_channels c
    WHERE o.status = 'pending' AND c.paused_at IS NOT NULL
      AND o.connection_id = c.connection_id AND o.channel_id = c.channel_id`.execute(db);
}

/**
 * Alerts queued before `createdBefore` and still not delivered (held by a paused channel, or waiting
 * out Slack failures or a refused token) are given up, with why. One in flight right now is left to
 * its delivery.
 */
export async function expireUndeliveredAlerts(db: Kysely<Database>, createdBefore: Date, now: Date): Promise<number> {
  const expired = await db
    .updateTable('alert_outbox')
    .set({ status: 'expired', last_error: sql<string>`'not delivered within 7 days: ' || coalesce(last_error, 'no Slack token for the workspace')` })
    .where('status', 'in', ['pending', 'paused'])
    .where('created_at', '<', createdBefore.toISOString())
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  return Number(expired.numUpdatedRows);
}

/**
 * The held alerts move to another channel, in their order, and are due at once. An alert already
 * queued for that channel stays the only one: the held copy is skipped. Returns how many moved.
 */
export async function moveHeldAlertsTo(trx: Transaction<Database>, ref: AlertChannelRef, toChannelId: string, now: Date): Promise<number> {
  const moved = await sql`
    UPDATE alert_outbox o SET channel_id = ${toChannelId}, status = 'pending', available_at = ${now.toISOString()}, claimed_by = NULL, claimed_until = NULL
    WHERE o.connection_id = ${ref.connectionId} AND o.channel_id = ${ref.channelId} AND o.status = 'paused'
      AND NOT EXISTS (SELECT 1 FROM alert_outbox d WHERE d.event_id = o.event_id AND d.channel_id = ${toChannelId})`.execute(trx);
  await trx
    .updateTable('alert_outbox')
    .set({ status: 'skipped', last_error: 'already queued for the new alerts channel' })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('status', '=', 'paused')
    .execute();
  return Number(moved.numAffectedRows ?? 0);
}

/**
 * The connect modal moved the alerts channel (and its rules): alerts held for the old channel, or
 * queued and never tried, move to the new one in their order. One claimed before stays: it may already
 * be in the old channel, and only that channel's history can tell. Returns how many moved.
 */
export async function moveQueuedAlertsTo(trx: Transaction<Database>, ref: AlertChannelRef, toChannelId: string, now: Date): Promise<number> {
  await sql`
    UPDATE alert_outbox o SET status = 'paused'
    WHERE o.connection_id = ${ref.connectionId} AND o.channel_id = ${ref.channelId} AND o.status = 'pending' AND o.claimed_by IS NULL`.execute(trx);
  return moveHeldAlertsTo(trx, ref, toChannelId, now);
}

/** The held alerts of a channel are not delivered after all (skipped, with why). Returns how many. */
export async function giveUpHeldAlerts(trx: Transaction<Database>, ref: AlertChannelRef, reason: string): Promise<number> {
  const given = await trx
    .updateTable('alert_outbox')
    .set({ status: 'skipped', last_error: reason, claimed_by: null, claimed_until: null })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('status', '=', 'paused')
    .executeTakeFirst();
  return Number(given.numUpdatedRows);
}
