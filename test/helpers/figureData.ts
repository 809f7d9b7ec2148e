import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { ingestEvents } from '../../src/sync/ingest.ts';
import type { IncomingEvent } from '../../src/storage/events.ts';
import type { Database } from '../../src/storage/schema.ts';
import { ingestTransactions } from '../../src/sync/ingest.ts';
import type { IncomingTransaction } from '../../src/storage/transactions.ts';
import { toStoredInstant } from '../../src/storage/typeParsers.ts';

/** A bare connection row for storage tests and benches (no token: nothing syncs it). */
export async function createConnection(db: Kysely<Database>, workspaceId = 'T1', timeZone = 'UTC'): Promise<number> {
  const row = await db
    .insertInto('partner_connections')
    .values({ workspace_id: workspaceId, organization_id: '1234', connected_by_user_id: 'U1', time_zone: timeZone, alert_settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Stores events the way a history import does: pages of 100, newest first, each in its own
 * transaction, with transaction pages interleaved so a subscription sale lands before or after the
 * events of its charge.
 */
export async function ingestLikeBackfill(db: Kysely<Database>, connectionId: number, events: IncomingEvent[], transactions: IncomingTransaction[]): Promise<void> {
  const newestFirst = <T>(items: T[], at: (i: T) => string) => [...items].sort((x, y) => (toStoredInstant(at(x)) < toStoredInstant(at(y)) ? 1 : -1));
  const e = newestFirst(events, (i) => i.event.occurredAt);
  const t = newestFirst(transactions, (i) => i.transaction.createdAt);
  const pages = Math.max(Math.ceil(e.length / 100), Math.ceil(t.length / 100));
  for (let p = 0; p < pages; p++) {
    await db.transaction().execute(async (trx) => {
      // Transactions a few pages ahead of events on even pages, behind on odd ones.
      await ingestTransactions(trx, connectionId, t.slice(p * 100, p * 100 + 100));
      await ingestEvents(trx, e.slice(p * 100, p * 100 + 100), { connectionId, source: 'backfill', alerts: null });
    });
  }
  // A live poll overlaps what is stored: duplicates change nothing.
  await db.transaction().execute((trx) => ingestEvents(trx, e.slice(0, 50), { connectionId, source: 'poll', alerts: null }));
}

/** Reports as plain data: Decimals as normalized strings, Maps as sorted objects. */
export function plain(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toString();
  if (value instanceof Map) return Object.fromEntries([...value].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
