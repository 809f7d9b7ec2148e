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
