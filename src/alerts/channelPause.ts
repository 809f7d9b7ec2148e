import type { Kysely } from 'kysely';
import { clearChannelPause, findPausedChannelsDue, markChannelPaused, type AlertChannelRef, type PausedChannel } from '../storage/alertChannels.ts';
import { expireUndeliveredAlerts, giveUpHeldAlerts, holdAlertsOfPausedChannels, holdChannelAlerts, releaseHeldAlerts } from '../storage/alertOutbox/held.ts';
import type { Database } from '../storage/schema.ts';

// A channel's pause lives in two tables: the channel's row and its alerts' status. Pausing, resuming
// and moving update both in one transaction, so no process sees one half of the change.

/** How long an alert is kept for delivery (a paused channel, Slack failing, a refused token): then it expires. */
export const ALERT_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * Pauses a channel: its alerts wait (status paused) until it works again. True only when this call
 * paused it, so the admin is told once.
 */
export async function pauseChannel(db: Kysely<Database>, ref: AlertChannelRef, reason: string, now: Date, retryAt: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const first = await markChannelPaused(trx, ref, reason, now, retryAt);
    await holdChannelAlerts(trx, ref, reason);
    return first;
  });
}

/** The channel works again: its held alerts become due, oldest first as always. */
export async function resumeChannel(db: Kysely<Database>, ref: AlertChannelRef, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await clearChannelPause(trx, ref);
    return releaseHeldAlerts(trx, ref, now);
  });
}

/** Why held alerts of a channel no rule uses any more are not delivered. */
export const UNROUTED_CHANNEL_REASON = 'no routing rule posts in this channel any more';

/**
 * No routing rule posts in this paused channel any more (the admin removed or moved its rules): its
 * held alerts are given up, saying why, and the pause is lifted. (Choosing another alerts channel in
 * the connect modal moves the rules and the held alerts along instead: storage/alertRoutes.ts.)
 */
export async function retireUnroutedChannel(db: Kysely<Database>, ref: AlertChannelRef): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const given = await giveUpHeldAlerts(trx, ref, UNROUTED_CHANNEL_REASON);
    await clearChannelPause(trx, ref);
    return given;
  });
}

/**
 * Housekeeping: alerts queued for a paused channel since the pause join the held ones, alerts not
 * delivered within 7 days expire. Returns how many expired and the paused channels whose retry is due.
 */
export async function sweepPausedChannels(db: Kysely<Database>, now: Date): Promise<{ expired: number; due: PausedChannel[] }> {
  await holdAlertsOfPausedChannels(db);
  const expired = await expireUndeliveredAlerts(db, new Date(now.getTime() - ALERT_RETENTION_MS), now);
  return { expired, due: await findPausedChannelsDue(db, now) };
}
