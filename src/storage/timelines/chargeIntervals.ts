import { sql, type Kysely, type Transaction } from 'kysely';
import type { BillingInterval } from '../../domain/transaction.ts';
import type { Database } from '../schema.ts';

/** The billing interval of each of these charges, as kept from its latest subscription sale. */
export async function loadChargeIntervals(db: Kysely<Database> | Transaction<Database>, connectionId: number, chargeIds: string[]): Promise<Map<string, BillingInterval>> {
  if (chargeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('charge_intervals')
    .select(['charge_id', 'billing_interval'])
    .where('connection_id', '=', connectionId)
    .where('charge_id', '=', sql<string>`any(${chargeIds}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.charge_id, r.billing_interval]));
}
