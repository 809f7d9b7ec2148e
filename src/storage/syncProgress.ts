import type { Kysely, Transaction } from 'kysely';
import type { Database, SyncStream } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StreamProgress {
  appId: string;
  stream: SyncStream;
  /** The newest bound of the history import, fixed when it started. */
  backfillUpper: string;
  /** Oldest record imported so far; a resumed import continues below it. */
  backfillOldest: string | null;
  backfillComplete: boolean;
  backfillRecords: number;
  /** Newest record seen; live polls overlap below it. */
  highWater: string | null;
}

/** The stream's progress, created on first use with the import bounded above by `now`. */
export async function loadOrStartProgress(db: Db, connectionId: number, appId: string, stream: SyncStream, now: Date): Promise<StreamProgress> {
  await db
    .insertInto('sync_progress')
    .values({ connection_id: connectionId, app_id: appId, stream, backfill_upper: now, high_water: now })
    .onConflict((oc) => oc.columns(['connection_id', 'app_id', 'stream']).doNothing())
    .execute();
  const row = await db
    .selectFrom('sync_progress')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('app_id', '=', appId)
    .where('stream', '=', stream)
    .executeTakeFirstOrThrow();
  return {
    appId,
    stream,
    backfillUpper: row.backfill_upper!,
    backfillOldest: row.backfill_oldest,
    backfillComplete: row.backfill_complete,
    backfillRecords: row.backfill_records,
    highWater: row.high_water,
  };
}

export async function recordBackfillPage(
  trx: Transaction<Database>,
  connectionId: number,
  progress: Pick<StreamProgress, 'appId' | 'stream'>,
  page: { oldest: string | null; complete: boolean; inserted: number },
): Promise<void> {
  await trx
    .updateTable('sync_progress')
    .set((eb) => ({
      ...(page.oldest ? { backfill_oldest: page.oldest } : {}),
      backfill_complete: page.complete,
      backfill_records: eb('backfill_records', '+', page.inserted),
      updated_at: new Date(),
    }))
    .where('connection_id', '=', connectionId)
    .where('app_id', '=', progress.appId)
    .where('stream', '=', progress.stream)
    .execute();
}

/** Moves the high-water mark forward only (a late, older record never pulls it back). */
export async function recordHighWater(trx: Transaction<Database>, connectionId: number, progress: Pick<StreamProgress, 'appId' | 'stream'>, newest: string): Promise<void> {
  await trx
    .updateTable('sync_progress')
    .set({ high_water: newest, updated_at: new Date() })
    .where('connection_id', '=', connectionId)
    .where('app_id', '=', progress.appId)
    .where('stream', '=', progress.stream)
    .where((eb) => eb.or([eb('high_water', 'is', null), eb('high_water', '<', newest)]))
    .execute();
}

