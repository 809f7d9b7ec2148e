import type { Transaction } from 'kysely';
import { alertKindOf, PAIR_TYPES, type AlertKind } from '../alerts/kinds.ts';
import { routeAlert } from '../alerts/routing/routeAlert.ts';
import { changesShopState } from '../metrics/state.ts';
import { queueAlerts, recordUnroutedAlerts } from '../storage/alertOutbox/queue.ts';
import { listRoutes } from '../storage/alertRoutes.ts';
import { loadEvent } from '../storage/alertSources.ts';
import { insertEvents, type IncomingEvent, type InsertedEvent } from '../storage/events.ts';
import type { Database } from '../storage/schema.ts';
import { recordChargeIntervals, recordTestCharges } from '../storage/timelines/chargeFacts.ts';
import { refreshShopSegments } from '../storage/timelines/shopSegments.ts';
import { insertTransactions, type IncomingTransaction } from '../storage/transactions.ts';
import { toStoredInstant } from '../storage/typeParsers.ts';

export interface EventIngestOptions {
  connectionId: number;
  source: 'backfill' | 'poll';
  /** Poll events that occurred at or after this instant are routed to channels by the connection's rules. */
  alerts: { from: string } | null;
}

export interface IngestResult {
  inserted: number;
  alertsQueued: number;
}

/**
 * The one ingest step for a page of events, in the caller's transaction: store the new events, keep
 * the figure state derived from them current, and queue an alert for each new live one in every
 * channel the connection's routing rules send it to (an event no rule matches gets one skipped row
 * that says so, in NO_ALERT_CHANNEL). All three commit together, so an event is never stored without its state or its alert, and a page retried
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
    const from = toStoredInstant(options.alerts.from);
    const alertable = inserted.filter((row) => row.occurredAt >= from);
    if (alertable.length > 0) alertsQueued = await queueRouted(trx, options.connectionId, alertable);
  }
  return { inserted: inserted.length, alertsQueued };
}

/**
 * One outbox row per event and matching channel. Rules are read in this transaction, so a rule saved
 * before the commit applies; one removed later is caught when the alert is claimed.
 */
async function queueRouted(trx: Transaction<Database>, connectionId: number, events: InsertedEvent[]): Promise<number> {
  const routes = await listRoutes(trx, connectionId);
  const queued: { connectionId: number; eventId: number; channelId: string }[] = [];
  const notAlerts: number[] = [];
  const unmatched: number[] = [];
  for (const row of events) {
    const kind = alertKindOf(row.type);
    if (kind === null) {
      notAlerts.push(row.id);
      continue;
    }
    const deliveries = await routeAlert(trx, connectionId, routes, {
      eventId: row.id,
      appId: row.appId,
      kinds: queueKinds(row.type, kind),
      events: async () => ({ event: (await loadEvent(trx, row.id))!, partner: null }),
    });
    if (deliveries.length === 0) unmatched.push(row.id);
    for (const d of deliveries) queued.push({ connectionId, eventId: row.id, channelId: d.channelId });
  }
  await recordUnroutedAlerts(trx, connectionId, notAlerts, 'not an alert kind');
  await recordUnroutedAlerts(trx, connectionId, unmatched, 'no routing rule matches');
  return queueAlerts(trx, queued);
}

/** A cancellation or an activation may still become half of a plan change: it goes where either would. */
function queueKinds(type: string, kind: AlertKind): AlertKind[] {
  return type === PAIR_TYPES.canceled || type === PAIR_TYPES.activated ? [kind, 'plan_change'] : [kind];
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
