import type { Kysely } from 'kysely';
import type { Database, SyncStream } from './schema.ts';

export interface ImportProgressRow {
  appId: string;
  stream: SyncStream;
  backfillUpper: string | null;
  backfillOldest: string | null;
  backfillComplete: boolean;
  historyStart: string | null;
}

/** Import progress of the connection's tracked apps only (dropped apps no longer count). */
export async function listImportProgress(db: Kysely<Database>, connectionId: number): Promise<ImportProgressRow[]> {
  const rows = await db
    .selectFrom('sync_progress as p')
    .innerJoin('tracked_apps as a', (join) => join.onRef('a.connection_id', '=', 'p.connection_id').onRef('a.app_id', '=', 'p.app_id'))
    .select(['p.app_id', 'p.stream', 'p.backfill_upper', 'p.backfill_oldest', 'p.backfill_complete', 'p.history_start'])
    .where('p.connection_id', '=', connectionId)
    .where('a.tracked', '=', true)
    .execute();
  return rows.map((r) => ({
    appId: r.app_id,
    stream: r.stream,
    backfillUpper: r.backfill_upper,
    backfillOldest: r.backfill_oldest,
    backfillComplete: r.backfill_complete,
    historyStart: r.history_start,
  }));
}

/**
 * Records when a stream's history begins. The row is created here if the sync has not created it
 * yet, with the same bounds loadOrStartProgress would give it, so whichever runs first wins.
 */
export async function recordHistoryStart(db: Kysely<Database>, connectionId: number, appId: string, stream: SyncStream, historyStart: string | null, now: Date): Promise<void> {
  await db
    .insertInto('sync_progress')
    .values({ connection_id: connectionId, app_id: appId, stream, backfill_upper: now, high_water: now, history_start: historyStart })
    .onConflict((oc) => oc.columns(['connection_id', 'app_id', 'stream']).doUpdateSet({ history_start: historyStart }))
    .execute();
}

export interface ImportTotals {
  /** Streams (one per tracked app of a live connection) still importing their history. */
  importing: number;
  /** Streams whose whole history is imported. */
  done: number;
  /** Records the history import stored. */
  records: number;
}

/** The history import across every live connection, per stream (what /metrics reports). */
export async function importTotals(db: Kysely<Database>): Promise<Record<SyncStream, ImportTotals>> {
  const rows = await db
    .selectFrom('sync_progress as p')
    .innerJoin('tracked_apps as a', (join) => join.onRef('a.connection_id', '=', 'p.connection_id').onRef('a.app_id', '=', 'p.app_id'))
    .innerJoin('partner_connections as c', 'c.id', 'p.connection_id')
    .where('a.tracked', '=', true)
    .where('c.status', '<>', 'disconnected')
    .select((eb) => [
      'p.stream',
      eb.fn.countAll<number>().filterWhere('p.backfill_complete', '=', false).as('importing'),
      eb.fn.countAll<number>().filterWhere('p.backfill_complete', '=', true).as('done'),
      eb.fn.sum<number>('p.backfill_records').as('records'),
    ])
    .groupBy('p.stream')
    .execute();
  const totals: Record<SyncStream, ImportTotals> = {
    events: { importing: 0, done: 0, records: 0 },
    transactions: { importing: 0, done: 0, records: 0 },
  };
  for (const row of rows) totals[row.stream] = { importing: Number(row.importing), done: Number(row.done), records: Number(row.records) };
  return totals;
}
