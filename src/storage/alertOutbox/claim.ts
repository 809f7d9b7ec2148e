import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppEvent } from '../../domain/appEvent.ts';
import type { AlertChannelRef } from '../alertChannels.ts';
import type { Database } from '../schema.ts';
import { toAppEvent } from '../timelines/storedEvents.ts';
import { skipAlerts } from './settle.ts';

/** An outbox row with its event, as delivery sees it. */
export interface OutboxAlert {
  id: number;
  eventId: number;
  event: AppEvent;
  pairedEventId: number | null;
  heldUntil: string | null;
  attempts: number;
  /** Claimed before and never confirmed: Slack may already have it (a crash after the post). */
  unconfirmed: boolean;
  createdAt: string;
}

/** A channel's pending alerts with their events. */
function selectPending(trx: Transaction<Database>, ref: AlertChannelRef) {
  return trx
    .selectFrom('alert_outbox as o')
    .innerJoin('app_events as e', 'e.id', 'o.event_id')
    .selectAll('e')
    .select(['o.id as outbox_id', 'o.paired_event_id', 'o.held_until', 'o.attempts', 'o.claimed_by', 'o.created_at as outbox_created_at'])
    .where('o.connection_id', '=', ref.connectionId)
    .where('o.channel_id', '=', ref.channelId)
    .where('o.status', '=', 'pending');
}

type QueuedRow = Awaited<ReturnType<ReturnType<typeof selectPending>['execute']>>[number];

function toOutboxAlert(row: QueuedRow): OutboxAlert {
  return {
    id: row.outbox_id,
    eventId: row.id,
    event: toAppEvent(row),
    pairedEventId: row.paired_event_id,
    heldUntil: row.held_until,
    attempts: row.attempts,
    unconfirmed: row.claimed_by !== null,
    createdAt: row.outbox_created_at,
  };
}

/**
 * Locks a channel's due alerts, oldest event first (then queue order). SKIP LOCKED: a row another
 * transaction holds is left to it. Rows claimed by a process whose claim expired are due again.
 */
export async function lockDueAlerts(trx: Transaction<Database>, ref: AlertChannelRef, now: Date, limit: number): Promise<OutboxAlert[]> {
  const nowIso = now.toISOString();
  const rows = await selectPending(trx, ref)
    .where('o.available_at', '<=', nowIso)
    .where((eb) => eb.or([eb('o.claimed_until', 'is', null), eb('o.claimed_until', '<', nowIso)]))
    .orderBy('e.occurred_at')
    .orderBy('o.id')
    .limit(limit)
    .forUpdate(['o'])
    .skipLocked()
    .execute();
  return rows.map(toOutboxAlert);
}

/**
 * The other half of a plan change for `alert`: a queued alert of the opposite type for the same (app,
 * shop) in the same channel whose event occurred within `windowMs`, not yet sent. Locked (not skipped):
 * it is in the channel this process holds.
 */
export async function findPairPartner(
  trx: Transaction<Database>,
  ref: AlertChannelRef,
  alert: OutboxAlert,
  partnerType: string,
  windowMs: number,
): Promise<OutboxAlert | null> {
  const at = Date.parse(alert.event.occurredAt);
  const row = await selectPending(trx, ref)
    .where('o.id', '<>', alert.id)
    .where('o.paired_event_id', 'is', null)
    .where('e.app_id', '=', alert.event.appId)
    .where('e.shop_id', '=', alert.event.shopId)
    .where('e.type', '=', partnerType)
    .where('e.occurred_at', '>=', new Date(at - windowMs).toISOString())
    .where('e.occurred_at', '<=', new Date(at + windowMs).toISOString())
    // Nearest in time wins; ties go to the earlier queue entry, so the choice is deterministic.
    .orderBy(sql`abs(extract(epoch from (e.occurred_at - ${alert.event.occurredAt}::timestamptz)))`)
    .orderBy('o.id')
    .limit(1)
    .forUpdate(['o'])
    .executeTakeFirst();
  return row ? toOutboxAlert(row) : null;
}

export async function holdAlert(trx: Transaction<Database>, id: number, until: Date): Promise<void> {
  await trx.updateTable('alert_outbox').set({ held_until: until, available_at: until }).where('id', '=', id).execute();
}

/** One plan-change alert: `carrierId` carries it and names the partner event; the partner's row is skipped. */
export async function pairAlerts(trx: Transaction<Database>, carrierId: number, partner: { outboxId: number; eventId: number }, now: Date): Promise<void> {
  await trx.updateTable('alert_outbox').set({ paired_event_id: partner.eventId, available_at: now }).where('id', '=', carrierId).execute();
  await skipAlerts(trx, [partner.outboxId], `paired into plan change alert ${carrierId}`);
}

export async function claimAlerts(trx: Transaction<Database>, ids: number[], owner: string, until: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('alert_outbox')
    .set((eb) => ({ claimed_by: owner, claimed_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}

/** A 429 is being waited out: the claims must outlive the wait, or another process would take the alerts. */
export async function extendClaims(db: Kysely<Database>, ids: number[], owner: string, until: Date): Promise<void> {
  await db.updateTable('alert_outbox').set({ claimed_until: until }).where('id', 'in', ids).where('claimed_by', '=', owner).execute();
}
