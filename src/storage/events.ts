import type { Transaction } from 'kysely';
import type { AppEvent } from '../domain/appEvent.ts';
import { toStoredInstant } from './typeParsers.ts';
import type { Database } from './schema.ts';

export interface IncomingEvent {
  event: AppEvent;
  /** The node as the API sent it, kept so a field we do not model yet is never lost. */
  raw: unknown;
}

/** A stored new event: what the ingest step needs to refresh state and queue its alert. */
export interface InsertedEvent {
  id: number;
  occurredAt: string;
  appId: string;
  shopId: string;
  type: string;
}

/** Inserts events not stored yet (the unique identity decides, not a prior check); returns the new ones. */
export async function insertEvents(trx: Transaction<Database>, connectionId: number, incoming: IncomingEvent[], source: 'backfill' | 'poll'): Promise<InsertedEvent[]> {
  if (incoming.length === 0) return [];
  const rows = incoming.map(({ event, raw }) => ({
    connection_id: connectionId,
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
    source,
  }));
  const inserted = await trx
    .insertInto('app_events')
    .values(rows)
    .onConflict((oc) => oc.columns(['connection_id', 'app_id', 'shop_id', 'type', 'occurred_at', 'charge_id']).doNothing())
    .returning(['id', 'occurred_at', 'app_id', 'shop_id', 'type'])
    .execute();
  return inserted.map((row) => ({ id: Number(row.id), occurredAt: row.occurred_at, appId: row.app_id, shopId: row.shop_id, type: row.type }));
}
