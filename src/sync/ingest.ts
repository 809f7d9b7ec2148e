import type { Transaction } from 'kysely';
import { changesShopState } from '../metrics/state.ts';
import { queueAlerts } from '../storage/alertOutbox/queue.ts';
import { insertEvents, type IncomingEvent } from '../storage/events.ts';
import type { Database } from '../storage/schema.ts';
import { recordChargeIntervals, recordTestCharges } from '../storage/timelines/chargeFacts.ts';
import { refreshShopSegments } from '../storage/timelines/shopSegments.ts';
import { insertTransactions, type IncomingTransaction } from '../storage/transactions.ts';
import { toStoredInstant } from '../storage/typeParsers.ts';

export interface EventIngestOptions {
  connectionId: number;
  source: 'backfill' | 'poll';
  /** Poll events that occurred at or after this instant get an alert in this channel. */
  alerts: { from: string; channelId: string } | null;
}

export interface IngestResult {
  inserted: number;
  alertsQueued: number;
}

/**
 * The one ingest step for a page of events, in the caller's transaction: store the new events, keep
 * the figure state derived from them current, and queue an alert for each new live one. All three
 * commit together, so an event is never stored without its state or its alert, and a page retried
 * after a crash finds its events stored and queues nothing twice. Backfilled events never alert.
 */
export async function ingestEvents(trx: Transaction<Database>, incoming: IncomingEvent[], options: EventIngestOptions): Promise<IngestResult> {
  const inserted = await insertEvents(trx, options.connectionId, incoming, options.source);
  if (inserted.length > 0) {
    await recordTestCharges(trx, options.connectionId, incoming.map((i) => i.event));
    // Usage, one-time, credit and cap events change no shop's state: their shops are not re-derived.
    const changed = inserted.filter((row) => changesShopState(row.type));
    await refreshShopSegments(trx, options.connectionId, changed.map((row) => ({ appId: row.appId, shopId: row.shopId })));
  }
  let alertsQueued = 0;
  if (options.source === 'poll' && options.alerts) {
    const { from, channelId } = options.alerts;
    const alertable = inserted.filter((row) => row.occurredAt >= toStoredInstant(from));
    alertsQueued = await queueAlerts(trx, alertable.map((row) => ({ connectionId: options.connectionId, eventId: row.id, channelId })));
  }
  return { inserted: inserted.length, alertsQueued };
}

/**
 * The ingest step for a page of transactions: store the new ones and keep each subscription charge's
 * billing interval current (which re-derives the shops whose monthly amount it changes).
 */
export async function ingestTransactions(trx: Transaction<Database>, connectionId: number, incoming: IncomingTransaction[]): Promise<IngestResult> {
  const inserted = await insertTransactions(trx, connectionId, incoming);
  if (incoming.length > 0) await recordChargeIntervals(trx, connectionId, incoming.map((i) => i.transaction));
  return { inserted, alertsQueued: 0 };
}
