import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export interface AlertChannelRef {
  connectionId: number;
  channelId: string;
}

export interface ClaimedChannel extends AlertChannelRef {
  workspaceId: string;
  connectedByUserId: string;
  lastPostAt: string | null;
  /** Slack failures in a row when it was claimed (0: the last attempt worked). */
  failures: number;
  /** Slack refused the workspace's bot token lately (slack_token_failures). */
  tokenRefused: boolean;
}

/**
 * Leases channels that have due alerts and are not paused, so each channel's alerts are delivered by
 * one process at a time (which keeps them in order and paced). SKIP LOCKED: processes never wait on
 * each other; a lease that expired (its process died) is taken over.
 */
export async function claimChannels(db: Kysely<Database>, owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedChannel[]> {
  const nowIso = now.toISOString();
  // Only channels without a row: ON CONFLICT on an existing row another process holds FOR UPDATE
  // waits for that claim to commit (at 1,000 workspaces and 4 processes this insert was the most
  // frequent statement waiting on a lock); NOT EXISTS reads the snapshot and never waits.
  await db
    .insertInto('alert_channels')
    .columns(['connection_id', 'channel_id'])
    .expression((eb) =>
      eb
        .selectFrom('alert_outbox as o')
        .select(['o.connection_id', 'o.channel_id'])
        .distinct()
        .where('o.status', '=', 'pending')
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('alert_channels as known')
                .select(sql`1`.as('one'))
                .whereRef('known.connection_id', '=', 'o.connection_id')
                .whereRef('known.channel_id', '=', 'o.channel_id'),
            ),
          ),
        )
        // Two processes inserting the same new channels lock them in one order, so they never deadlock.
        .orderBy('o.connection_id')
        .orderBy('o.channel_id'),
    )
    .onConflict((oc) => oc.columns(['connection_id', 'channel_id']).doNothing())
    .execute();
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('alert_channels as c')
      .innerJoin('partner_connections as p', 'p.id', 'c.connection_id')
      .leftJoin('slack_token_failures as t', 't.workspace_id', 'p.workspace_id')
      .select(['c.connection_id', 'c.channel_id', 'c.last_post_at', 'c.failures', 'p.workspace_id', 'p.connected_by_user_id', 't.error as token_error'])
      .where('c.paused_at', 'is', null)
      .where('p.status', '<>', 'disconnected')
      .where((eb) => eb.or([eb('c.lease_until', 'is', null), eb('c.lease_until', '<', nowIso)]))
      .where((eb) => eb.or([eb('c.next_attempt_at', 'is', null), eb('c.next_attempt_at', '<=', nowIso)]))
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
      // The channel that posted longest ago first: with more channels due than a process takes at
      // once, each gets its turn instead of whichever the planner happens to return.
      .orderBy(sql`c.last_post_at asc nulls first`)
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
      failures: c.failures,
      tokenRefused: c.token_error !== null,
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

/** Extends this process's lease on a channel still not paused; false when the lease was lost. */
export async function renewChannelLease(trx: Transaction<Database>, ref: AlertChannelRef, owner: string, until: Date): Promise<boolean> {
  const lease = await trx
    .updateTable('alert_channels')
    .set({ lease_until: until })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('lease_owner', '=', owner)
    .where('paused_at', 'is', null)
    .executeTakeFirst();
  return Number(lease.numUpdatedRows) === 1;
}

/** Slack took a message: the pace counts from now, and any run of failures is over. */
export async function recordPost(db: Kysely<Database>, ref: AlertChannelRef, at: Date): Promise<void> {
  await db
    .updateTable('alert_channels')
    .set({ last_post_at: at, failures: 0, next_attempt_at: null, last_failure: null })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .execute();
}

/**
 * Slack failed in a way that passes: the channel is not tried again before `delayMs(failures in a
 * row)` from now. Its alerts keep their order because the whole channel waits. Returns the delay.
 */
export async function backOffChannel(db: Kysely<Database>, ref: AlertChannelRef, error: string, now: Date, delayMs: (failures: number) => number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('alert_channels')
      .set((eb) => ({ failures: eb('failures', '+', 1), last_failure: error }))
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .returning('failures')
      .executeTakeFirst();
    const delay = delayMs(row?.failures ?? 1);
    await trx
      .updateTable('alert_channels')
      .set({ next_attempt_at: new Date(now.getTime() + delay) })
      .where('connection_id', '=', ref.connectionId)
      .where('channel_id', '=', ref.channelId)
      .execute();
    return delay;
  });
}

/** Marks a channel paused; true only when this call paused it, so the admin is told once. */
export async function markChannelPaused(trx: Transaction<Database>, ref: AlertChannelRef, reason: string, now: Date, retryAt: Date): Promise<boolean> {
  const changed = await trx
    .updateTable('alert_channels')
    .set({ paused_reason: reason, paused_at: now, retry_at: retryAt, lease_owner: null, lease_until: null })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .where('paused_at', 'is', null)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) === 1;
}

/** Lifts a channel's pause (it works again, or its alerts moved elsewhere). */
export async function clearChannelPause(trx: Transaction<Database>, ref: AlertChannelRef): Promise<void> {
  await trx
    .updateTable('alert_channels')
    .set({ paused_reason: null, paused_at: null, retry_at: null })
    .where('connection_id', '=', ref.connectionId)
    .where('channel_id', '=', ref.channelId)
    .execute();
}

/** Asks for a paused channel to be probed at the next tick (e.g. the bot was invited). */
export async function probeChannelSoon(db: Kysely<Database>, channelId: string, now: Date): Promise<void> {
  await db.updateTable('alert_channels').set({ retry_at: now }).where('channel_id', '=', channelId).where('paused_at', 'is not', null).execute();
}

export interface PausedChannel extends ClaimedChannel {
  reason: string;
  /** Some routing rule of the connection still posts here; false: the admin moved its rules elsewhere. */
  routed: boolean;
}

/** The paused channels whose retry is due, or that no routing rule uses any more (acted on at once). */
export async function findPausedChannelsDue(db: Kysely<Database>, now: Date): Promise<PausedChannel[]> {
  const rows = await db
    .selectFrom('alert_channels as c')
    .innerJoin('partner_connections as p', 'p.id', 'c.connection_id')
    .select(['c.connection_id', 'c.channel_id', 'c.last_post_at', 'c.failures', 'c.paused_reason', 'p.workspace_id', 'p.connected_by_user_id'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('alert_routes as r').select(sql`1`.as('one')).whereRef('r.connection_id', '=', 'c.connection_id').whereRef('r.channel_id', '=', 'c.channel_id'))
        .as('routed'),
    )
    .where('c.paused_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('c.retry_at', '<=', now.toISOString()),
        eb.not(eb.exists(eb.selectFrom('alert_routes as r').select(sql`1`.as('one')).whereRef('r.connection_id', '=', 'c.connection_id').whereRef('r.channel_id', '=', 'c.channel_id'))),
      ]),
    )
    .where('p.status', '<>', 'disconnected')
    .execute();
  return rows.map((r) => ({
    connectionId: r.connection_id,
    channelId: r.channel_id,
    workspaceId: r.workspace_id,
    connectedByUserId: r.connected_by_user_id,
    lastPostAt: r.last_post_at,
    failures: r.failures,
    tokenRefused: false,
    reason: r.paused_reason ?? '',
    routed: Boolean(r.routed),
  }));
}

export async function setRetryAt(db: Kysely<Database>, ref: AlertChannelRef, retryAt: Date): Promise<void> {
  await db.updateTable('alert_channels').set({ retry_at: retryAt }).where('connection_id', '=', ref.connectionId).where('channel_id', '=', ref.channelId).execute();
}
