import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';

export interface QueuedAlert {
  connectionId: number;
  eventId: number;
  channelId: string;
}

/**
 * Queues one alert per (event, channel), in the transaction that stores the events, so an alert can be
 * neither lost nor doubled downstream. An alert already queued stays the only one (the unique key
 * decides). Returns how many were queued.
 */
export async function queueAlerts(trx: Transaction<Database>, rows: QueuedAlert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const queued = await trx
    .insertInto('alert_outbox')
    .values(rows.map((row) => ({ connection_id: row.connectionId, event_id: row.eventId, channel_id: row.channelId })))
    .onConflict((oc) => oc.columns(['event_id', 'channel_id']).doNothing())
    .executeTakeFirst();
  return Number(queued.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Where an alert that is posted nowhere is recorded: an event no routing rule matches (or that is no
 * alert at all) still gets one outbox row, skipped, whose last_error says why. Not a Slack channel id
 * (those start with C, G or D), so no delivery ever picks it up.
 */
export const NO_ALERT_CHANNEL = '-';

/** Records events that are posted nowhere, with why. A retried page finds them recorded and adds nothing. */
export async function recordUnroutedAlerts(trx: Transaction<Database>, connectionId: number, eventIds: number[], reason: string): Promise<void> {
  if (eventIds.length === 0) return;
  await trx
    .insertInto('alert_outbox')
    .values(eventIds.map((eventId) => ({ connection_id: connectionId, event_id: eventId, channel_id: NO_ALERT_CHANNEL, status: 'skipped' as const, last_error: reason })))
    .onConflict((oc) => oc.columns(['event_id', 'channel_id']).doNothing())
    .execute();
}
