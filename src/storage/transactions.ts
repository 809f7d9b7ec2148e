import type { Transaction } from 'kysely';
import type { AppTransaction } from '../domain/transaction.ts';
import type { Database } from './schema.ts';
import { toStoredInstant } from './typeParsers.ts';

export interface IncomingTransaction {
  transaction: AppTransaction;
  raw: unknown;
}

/** Inserts transactions not stored yet; the transaction id is the identity. Returns how many were new. */
export async function insertTransactions(trx: Transaction<Database>, connectionId: number, incoming: IncomingTransaction[]): Promise<number> {
  if (incoming.length === 0) return 0;
  const result = await trx
    .insertInto('transactions')
    .values(
      incoming.map(({ transaction: t, raw }) => ({
        connection_id: connectionId,
        id: t.id,
        app_id: t.appId,
        typename: t.typename,
        kind: t.kind,
        shop_id: t.shopId,
        shop_domain: t.shopDomain,
        charge_id: t.chargeId,
        billing_interval: t.billingInterval,
        created_at: toStoredInstant(t.createdAt),
        gross_amount: t.gross?.amount.toString() ?? null,
        gross_currency: t.gross?.currency ?? null,
        net_amount: t.net.amount.toString(),
        net_currency: t.net.currency,
        shopify_fee_amount: t.shopifyFee?.amount.toString() ?? null,
        shopify_fee_currency: t.shopifyFee?.currency ?? null,
        raw: JSON.stringify(raw),
      })),
    )
    .onConflict((oc) => oc.columns(['connection_id', 'id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
