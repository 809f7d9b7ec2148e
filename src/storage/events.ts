import type { Transaction } from 'kysely';
import type { AppEvent } from '../domain/appEvent.ts';
import { changesShopState } from '../metrics/state.ts';
import { queueAlerts } from './alertOutbox/queue.ts';
import { toStoredInstant } from './typeParsers.ts';
import type { Database } from './schema.ts';
import { recordTestCharges } from './timelines/chargeFacts.ts';
import { refreshShopSegments } from './timelines/shopSegments.ts';

export interface IncomingEvent {
  event: AppEvent;
  /** The node as the API sent it, kept so a field we do not model yet is never lost. */
  raw: unknown;
}

export interface EventInsertOptions {
  connectionId: number;
  source: 'backfill' | 'poll';
  /** Poll events that occurred at or after this instant get an alert in this channel. */
  alerts: { from: string; channelId: string } | null;
}

export interface EventInsertResult {
  inserted: number;
  alertsQueued: number;
}

/**
 * Inserts events, skipping ones already stored (the unique identity decides, not a prior check),
 * and queues an alert for each new live event in the same transaction, so an alert can be neither
 * lost nor doubled downstream. Backfilled events never alert.
 */
export async function insertEvents(trx: Transaction<Database>, incoming: IncomingEvent[], options: EventInsertOptions): Promise<EventInsertResult> {
  if (incoming.length === 0) return { inserted: 0, alertsQueued: 0 };
  const rows = incoming.map(({ event, raw }) => ({
    connection_id: options.connectionId,
    app_id: event.appId,
    shop_id: event.shopId,
    type: event.type,
    occurred_at: toStoredInstant(event.occurredAt),
    charge_id: event.chargeId ?? '',
    shop_domain: event.shopDomain,
    shop_name: event.shopName,
    charge_name: event.chargeName,
    amount: event.amount?.toString() ?? null,
    currency: event.currency,
    test: event.test,
    billing_on: event.billingOn,
    reason: event.reason,
    description: event.description,
    raw: JSON.stringify(raw),
    source: options.source,
  }));
  const inserted = await trx
    .insertInto('app_events')
    .values(rows)
    .onConflict((oc) => oc.columns(['connection_id', 'app_id', 'shop_id', 'type', 'occurred_at', 'charge_id']).doNothing())
    .returning(['id', 'occurred_at', 'app_id', 'shop_id', 'type'])
    .execute();
  if (inserted.length > 0) {
    // Precomputed figure state stays current in the same transaction as the events it comes from.
    // Usage, one-time, credit and cap events change no shop's state: their shops are not re-derived.
    await recordTestCharges(trx, options.connectionId, incoming.map((i) => i.event));
    const changed = inserted.filter((row) => changesShopState(row.type));
    await refreshShopSegments(trx, options.connectionId, changed.map((row) => ({ appId: row.app_id, shopId: row.shop_id })));
  }

  let alertsQueued = 0;
  if (options.source === 'poll' && options.alerts) {
    const from = toStoredInstant(options.alerts.from);
    const alertable = inserted.filter((row) => row.occurred_at >= from);
    if (alertable.length > 0) {
      alertsQueued = await queueAlerts(trx, alertable.map((row) => ({ connectionId: options.connectionId, eventId: row.id, channelId: options.alerts!.channelId })));
    }
  }
  return { inserted: inserted.length, alertsQueued };
}

