import type { Credentials } from '../partner/client.ts';
import { recordHighWater, type StreamProgress } from '../storage/syncProgress.ts';
import { toStoredInstant } from '../storage/typeParsers.ts';
import type { Db, StoreContext, StreamAdapter } from './streams.ts';

/**
 * How far below the newest stored record each poll starts again. The API has no stable cursor for
 * "what is new" (an old cursor starts below newly added events), and events can be recorded a little
 * after they occurred, so every poll re-reads an overlapping window and identity drops duplicates.
 */
export const POLL_OVERLAP_MS = 10 * 60 * 1000;

/**
 * One live poll of one stream: every page from (high-water - overlap) to now, newest first. The
 * high-water mark moves only after the whole window is stored, so a crash halfway through a poll
 * re-reads the window instead of skipping its older half.
 */
export async function pollStream<T>(
  db: Db,
  creds: Credentials,
  adapter: StreamAdapter<T>,
  ctx: StoreContext,
  progress: StreamProgress,
): Promise<{ inserted: number; alertsQueued: number }> {
  const highWater = progress.highWater ?? progress.backfillUpper;
  const min = new Date(Date.parse(highWater) - POLL_OVERLAP_MS).toISOString();
  let after: string | null = null;
  let inserted = 0;
  let alertsQueued = 0;
  let newest: string | null = null;
  for (;;) {
    const page = await adapter.fetchPage(creds, { appId: progress.appId, after, min, max: null });
    const first = page.records[0];
    if (first && newest === null) newest = toStoredInstant(adapter.instantOf(first));
    if (page.records.length > 0) {
      const stored = await db.transaction().execute((trx) => adapter.store(trx, ctx, page.records, 'poll'));
      inserted += stored.inserted;
      alertsQueued += stored.alertsQueued;
    }
    if (!page.hasNextPage || !page.lastCursor) break;
    after = page.lastCursor;
  }
  if (newest) {
    const mark = newest;
    await db.transaction().execute((trx) => recordHighWater(trx, ctx.connectionId, progress, mark));
  }
  return { inserted, alertsQueued };
}
