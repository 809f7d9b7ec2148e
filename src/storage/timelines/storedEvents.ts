import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import type { AppEvent } from '../../domain/appEvent.ts';
import type { AppEventsTable } from '../schema.ts';

/** The columns an AppEvent is rebuilt from (raw is left out: it is only kept for the record). */
export const EVENT_COLUMNS = [
  'app_id',
  'shop_id',
  'type',
  'occurred_at',
  'charge_id',
  'shop_domain',
  'shop_name',
  'charge_name',
  'amount',
  'currency',
  'test',
  'billing_on',
  'reason',
  'description',
] as const;

export type StoredEventRow = Pick<Selectable<AppEventsTable>, (typeof EVENT_COLUMNS)[number]>;

export function toAppEvent(row: StoredEventRow): AppEvent {
  return {
    appId: row.app_id,
    shopId: row.shop_id,
    shopDomain: row.shop_domain,
    shopName: row.shop_name,
    type: row.type,
    occurredAt: row.occurred_at,
    chargeId: row.charge_id === '' ? null : row.charge_id,
    chargeName: row.charge_name,
    amount: row.amount === null ? null : new Decimal(row.amount),
    currency: row.currency,
    test: row.test,
    billingOn: row.billing_on,
    reason: row.reason,
    description: row.description,
  };
}
