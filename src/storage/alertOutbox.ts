import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppEvent } from '../domain/appEvent.ts';
import type { BillingInterval } from '../domain/transaction.ts';
import type { AlertChannelRef } from './alertChannels.ts';
import { toAppEvent } from './timelines/storedEvents.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

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

/**
 * Locks a channel's due alerts, oldest event first (then queue order). SKIP LOCKED: a row another
 * transaction holds is left to it. Rows claimed by a process whose claim expired are due again.
 */
export async function lockDueAlerts(trx: Transaction<Database>, ref: AlertChannelRef, now: Date, limit: number): Promise<OutboxAlert[]> {
  const nowIso = now.toISOString();
  const rows = await trx
    .selectFrom('alert_outbox as o')
    .innerJoin('app_events as e', 'e.id', 'o.event_id')
    .selectAll('e')
    .select(['o.id as outbox_id', 'o.paired_event_id', 'o.held_until', 'o.attempts', 'o.claimed_by', 'o.created_at as outbox_created_at'])
    .where('o.connection_id', '=', ref.connectionId)
    .where('o.channel_id', '=', ref.channelId)
    .where('o.status', '=', 'pending')
    .where('o.available_at', '<=', nowIso)
    .where((eb) => eb.or([eb('o.claimed_until', 'is', null), eb('o.claimed_until', '<', nowIso)]))
    .orderBy('e.occurred_at')
    .orderBy('o.id')
    .limit(limit)
    .forUpdate(['o'])
    .skipLocked()
    .execute();
  return rows.map((r) => ({
    id: r.outbox_id,
    eventId: r.id,
    event: toAppEvent(r),
    pairedEventId: r.paired_event_id,
    heldUntil: r.held_until,
    attempts: r.attempts,
    unconfirmed: r.claimed_by !== null,
    createdAt: r.outbox_created_at,
  }));
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
  const row = await trx
    .selectFrom('alert_outbox as o')
    .innerJoin('app_events as e', 'e.id', 'o.event_id')
    .selectAll('e')
    .select(['o.id as outbox_id', 'o.paired_event_id', 'o.held_until', 'o.attempts', 'o.claimed_by', 'o.created_at as outbox_created_at'])
    .where('o.connection_id', '=', ref.connectionId)
    .where('o.channel_id', '=', ref.channelId)
    .where('o.status', '=', 'pending')
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
  if (!row) return null;
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

export async function skipAlerts(trx: Db, ids: number[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('alert_outbox').set({ status: 'skipped', last_error: reason, claimed_by: null, claimed_until: null }).where('id', 'in', ids).execute();
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

/** Slack accepted the message: the alerts are sent, with its ts. Only the claim holder may say so. */
export async function markSent(db: Db, ids: number[], owner: string, ts: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_outbox')
    .set({ status: 'sent', slack_ts: ts, sent_at: now, claimed_until: null, last_error: null })
    .where('id', 'in', ids)
    .where('claimed_by', '=', owner)
    .where('status', '=', 'pending')
    .execute();
}

/** Slack said no (or was never asked): release the claim so the alert is due again at `availableAt`. */
export async function releaseAlerts(db: Db, ids: number[], owner: string, error: string | null, availableAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_outbox')
    .set({ claimed_by: null, claimed_until: null, last_error: error, available_at: availableAt })
    .where('id', 'in', ids)
    .where('claimed_by', '=', owner)
    .execute();
}

/** The outcome is unknown (timeout, connection reset): keep the claim marker so the next attempt checks Slack first. */
export async function markUnconfirmed(db: Db, ids: number[], owner: string, error: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('alert_outbox').set({ claimed_until: now, last_error: error }).where('id', 'in', ids).where('claimed_by', '=', owner).execute();
}

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

/** Billing intervals of these charges from their subscription sales, latest sale first wins (METRICS.md). */
export async function loadIntervals(db: Db, connectionId: number, chargeIds: string[]): Promise<Map<string, BillingInterval>> {
  const out = new Map<string, BillingInterval>();
  if (chargeIds.length === 0) return out;
  const rows = await db
    .selectFrom('transactions')
    .select(['charge_id', 'billing_interval'])
    .where('connection_id', '=', connectionId)
    .where('charge_id', 'in', chargeIds)
    .where('billing_interval', 'is not', null)
    .orderBy('created_at', 'desc')
    .execute();
  for (const r of rows) if (r.charge_id && r.billing_interval && !out.has(r.charge_id)) out.set(r.charge_id, r.billing_interval);
  return out;
}

export async function appName(db: Db, connectionId: number, appId: string): Promise<string> {
  const row = await db.selectFrom('tracked_apps').select('name').where('connection_id', '=', connectionId).where('app_id', '=', appId).executeTakeFirst();
  return row?.name ?? `App ${appId}`;
}
