import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface AlertChannelRef {
  connectionId: number;
  channelId: string;
}

export interface ClaimedChannel extends AlertChannelRef {
  workspaceId: string;
  connectedByUserId: string;
  lastPostAt: string | null;
}

/** Retention of held alerts: a paused channel's alerts older than this are marked expired. */
export const PAUSED_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * Leases channels that have due alerts and are not paused, so each channel's alerts are delivered by
 * one process at a time (which keeps them in order and paced). SKIP LOCKED: processes never wait on
 * each other; a lease that expired (its process died) is taken over.
 */
export async function claimChannels(db: Kysely<Database>, owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedChannel[]> {
  const nowIso = now.toISOString();
  await db
    .insertInto('alert_channels')
    .columns(['connection_id', 'channel_id'])
    .expression((eb) => eb.selectFrom('alert_outbox').select(['connection_id', 'channel_id']).distinct().where('status', '=', 'pending'))
    .onConflict((oc) => oc.columns(['connection_id', 'channel_id']).doNothing())
    .execute();
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('alert_channels as c')
      .innerJoin('partner_connections as p', 'p.id', 'c.connection_id')
      .select(['c.connection_id', 'c.channel_id', 'c.last_post_at', 'p.workspace_id', 'p.connected_by_user_id'])
      .where('c.paused_at', 'is', null)
      .where('p.status', '<>', 'disconnected')
      .where((eb) => eb.or([eb('c.lease_until', 'is', null), eb('c.lease_until', '<', nowIso)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('alert_outbox as o')
            .select(sql`1`.as('one'))
            .whereRef('o.connection_id', '=', 'c.connection_id')
            .whereRef('o.channel_id', '=', 'c.channel_id')
            .where('o.status', '=', 'pending')
            .where('o.available_at', '<=', nowIso),
        ),
      )
      .limit(limit)
      .forUpdate(['c'])
      .skipLocked()
      .execute();
    for (const c of due) {
      await trx
        .updateTable('alert_channels')
        .set({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs) })
        .where('connection_id', '=', c.connection_id)
        .where('channel_id', '=', c.channel_id)
        .execute();
    }
    return due.map((c) => ({
      connectionId: c.connection_id,
      channelId: c.channel_id,
      workspaceId: c.workspace_id,
      connectedByUserId: c.connected_by_user_id,
      lastPostAt: c.last_post_at,
    }));
  });
}

export async function releaseChannel(db: Kysely<Database>, ref: AlertChannelRef, owner: string): Promise<void> {
  await db
    .updateTable('alert_channels')
    .set({ lease_owner: null, lease_until: null })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function recordPost(db: Kysely<Database>, ref: AlertChannelRef, at: Date): Promise<void> {
  await db.updateTable('alert_channels').set({ last_post_at: at }).where('connection_id', '=', ref.connectionId).where('channel_id', '=', ref.channelId).execute();
}

/**
 * Pauses a channel: its alerts wait (status paused) until it works again. True only when this call
 * paused it, so the admin is told once.
 */
export async function pauseChannel(db: Kysely<Database>, ref: AlertChannelRef, reason: string, now: Date, retryAt: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('alert_channels')
      .set({ paused_reason: reason, paused_at: now, retry_at: retryAt, lease_owner: null, lease_until: null })
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .where('paused_at', 'is', null)
      .executeTakeFirst();
    await trx
      .updateTable('alert_outbox')
      .set({ status: 'paused', claimed_by: null, claimed_until: null, last_error: reason })
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .where('status', '=', 'pending')
      .execute();
    return Number(changed.numUpdatedRows) === 1;
  });
}

/** The channel works again: its held alerts become due, oldest first as always. */
export async function resumeChannel(db: Kysely<Database>, ref: AlertChannelRef, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('alert_channels')
      .set({ paused_reason: null, paused_at: null, retry_at: null })
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .execute();
    const moved = await trx
      .updateTable('alert_outbox')
      .set({ status: 'pending', available_at: now, claimed_by: null, claimed_until: null })
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .where('status', '=', 'paused')
      .executeTakeFirst();
    return Number(moved.numUpdatedRows);
  });
}

/** Asks for a paused channel to be probed at the next tick (e.g. the bot was invited). */
export async function probeChannelSoon(db: Kysely<Database>, channelId: string, now: Date): Promise<void> {
  await db.updateTable('alert_channels').set({ retry_at: now }).where('channel_id', '=', channelId).where('paused_at', 'is not', null).execute();
}

export interface PausedChannel extends ClaimedChannel {
  reason: string;
  /** The connection's alerts channel now: another one means the admin moved alerts elsewhere. */
  currentChannelId: string | null;
}

/**
 * Housekeeping for paused channels: alerts queued since the pause join the held ones, held alerts
 * older than 7 days expire. Returns the paused channels whose retry is due.
 */
export async function sweepPausedChannels(db: Kysely<Database>, now: Date): Promise<PausedChannel[]> {
  await sql`
    UPDATE alert_outbox o SET status = 'paused', claimed_by = NULL, claimed_until = NULL
    FROM alert_channels c
    WHERE o.status = 'pending' AND c.paused_at IS NOT NULL
      AND o.connection_id = c.connection_id AND o.channel_id = c.channel_id`.execute(db);
  await db
    .updateTable('alert_outbox')
    .set({ status: 'expired', last_error: 'held for 7 days while the channel was paused' })
    .where('status', '=', 'paused')
    .where('created_at', '<', new Date(now.getTime() - PAUSED_RETENTION_MS).toISOString())
    .execute();
  const rows = await db
    .selectFrom('alert_channels as c')
    .innerJoin('partner_connections as p', 'p.id', 'c.connection_id')
    .select(['c.connection_id', 'c.channel_id', 'c.last_post_at', 'c.paused_reason', 'p.workspace_id', 'p.connected_by_user_id', 'p.alerts_channel_id'])
    .where('c.paused_at', 'is not', null)
    // Due for a retry, or the admin chose another alerts channel (acted on at once).
    .where((eb) => eb.or([eb('c.retry_at', '<=', now.toISOString()), eb('p.alerts_channel_id', 'is distinct from', eb.ref('c.channel_id'))]))
    .where('p.status', '<>', 'disconnected')
    .execute();
  return rows.map((r) => ({
    connectionId: r.connection_id,
    channelId: r.channel_id,
    workspaceId: r.workspace_id,
    connectedByUserId: r.connected_by_user_id,
    lastPostAt: r.last_post_at,
    reason: r.paused_reason ?? '',
    currentChannelId: r.alerts_channel_id,
  }));
}

export async function setRetryAt(db: Kysely<Database>, ref: AlertChannelRef, retryAt: Date): Promise<void> {
  await db.updateTable('alert_channels').set({ retry_at: retryAt }).where('connection_id', '=', ref.connectionId).where('channel_id', '=', ref.channelId).execute();
}

/**
 * The admin chose another alerts channel: the held alerts move there (in their order) and the old
 * channel's pause is lifted. An alert already queued for the new channel stays the only one.
 */
export async function moveHeldAlerts(db: Kysely<Database>, ref: AlertChannelRef, toChannelId: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
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
    await trx
      .updateTable('alert_channels')
      .set({ paused_reason: null, paused_at: null, retry_at: null })
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .execute();
    return Number(moved.numAffectedRows ?? 0);
  });
}
