import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** Namespace of the advisory lock (first key); the second is the connection id. */
const FIGURE_STATE_LOCK = 0x50b0;

/**
 * The events and transactions streams of a connection sync concurrently, and each can change the
 * precomputed state of the same shop (a new event; a subscription sale revealing an annual plan).
 * Each derivation reads what the other writes, so they take turns: held until the transaction ends,
 * after which the next one's statements see the committed events, intervals and segments.
 */
export async function lockFigureState(trx: Transaction<Database>, connectionId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${FIGURE_STATE_LOCK}::int, ${connectionId}::int)`.execute(trx);
}
