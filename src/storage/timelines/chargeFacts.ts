import type { Transaction } from 'kysely';
import type { AppEvent } from '../../domain/appEvent.ts';
import { trailingNumber } from '../../domain/ids.ts';
import type { AppTransaction } from '../../domain/transaction.ts';
import { latestSubscriptionSales } from '../../metrics/monthly.ts';
import type { Database } from '../schema.ts';
import { toStoredInstant } from '../typeParsers.ts';
import { refreshShopsOfCharges } from './shopSegments.ts';
import { lockFigureState } from './stateLock.ts';

/** Remembers every charge an event marks as test: its transactions never count as revenue. */
export async function recordTestCharges(trx: Transaction<Database>, connectionId: number, events: readonly AppEvent[]): Promise<void> {
  const ids = [...new Set(events.filter((e) => e.test && e.chargeId).map((e) => trailingNumber(e.chargeId!)))];
  if (ids.length === 0) return;
  await trx
    .insertInto('test_charges')
    .values(ids.map((charge_id) => ({ connection_id: connectionId, charge_id })))
    .onConflict((oc) => oc.columns(['connection_id', 'charge_id']).doNothing())
    .execute();
}

/**
 * Keeps each subscription charge's billing interval from its latest AppSubscriptionSale (the rule of
 * metrics/monthly.ts latestSubscriptionSales); an older sale arriving later (backfill) changes nothing.
 */
export async function recordChargeIntervals(trx: Transaction<Database>, connectionId: number, transactions: readonly AppTransaction[]): Promise<void> {
  const latest = new Map([...latestSubscriptionSales(transactions)].map(([id, sale]) => [id, { interval: sale.interval, at: toStoredInstant(sale.createdAt) }]));
  if (latest.size === 0) return;
  const ids = [...latest.keys()];
  await lockFigureState(trx, connectionId);
  const before = await trx.selectFrom('charge_intervals').select(['charge_id', 'billing_interval']).where('connection_id', '=', connectionId).where('charge_id', 'in', ids).execute();
  const written = await trx
    .insertInto('charge_intervals')
    .values([...latest].map(([charge_id, v]) => ({ connection_id: connectionId, charge_id, billing_interval: v.interval, sale_created_at: v.at })))
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'charge_id'])
        .doUpdateSet((eb) => ({ billing_interval: eb.ref('excluded.billing_interval'), sale_created_at: eb.ref('excluded.sale_created_at') }))
        .where('charge_intervals.sale_created_at', '<=', (eb) => eb.ref('excluded.sale_created_at')),
    )
    .returning(['charge_id', 'billing_interval'])
    .execute();
  // A charge's monthly amount depends on its interval: re-derive the shops whose interval changed.
  const previous = new Map(before.map((r) => [r.charge_id, r.billing_interval]));
  const changed = written.filter((r) => previous.get(r.charge_id) !== r.billing_interval).map((r) => r.charge_id);
  await refreshShopsOfCharges(trx, connectionId, changed);
}
