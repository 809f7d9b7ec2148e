import type { Kysely } from 'kysely';
import type { Database } from '../../../src/storage/schema.ts';
import type { LiveEvent } from './liveStream.ts';

/**
 * Splits detection latency in two with the rows the bots stored: appended -> ingested (the live poll
 * found it; app_events.ingested_at, the database's clock on this machine) and ingested -> posted.
 */
export async function ingestLatencies(db: Kysely<Database>, events: readonly LiveEvent[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom('app_events').select(['shop_domain', 'ingested_at']).where('shop_domain', 'like', 'scale-live-%').execute();
  const appended = new Map(events.map((e) => [e.domain, e]));
  const latencies = new Map<number, number>();
  for (const row of rows) {
    const event = row.shop_domain ? appended.get(row.shop_domain) : undefined;
    if (event) latencies.set(event.n, new Date(row.ingested_at as unknown as string | Date).getTime() - event.appendedAt);
  }
  return latencies;
}
