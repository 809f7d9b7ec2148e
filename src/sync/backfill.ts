import type { Credentials } from '../partner/client.ts';
import { recordBackfillPage, type StreamProgress } from '../storage/syncProgress.ts';
import { toStoredInstant } from '../storage/typeParsers.ts';
import type { Db, StoreContext, StreamAdapter, StreamPage } from './streams.ts';

export interface BackfillBudget {
  /** Stop taking new pages after this instant (ms), so live polls keep their rhythm. */
  deadlineMs: number;
  now: () => number;
  /** Called between pages; false means the lease was lost and the import must stop. */
  keepGoing: () => Promise<boolean>;
}

/**
 * Imports one stream's history newest-first, one page per transaction. Each committed page moves
 * backfill_oldest down, so a crash or restart resumes below it without re-downloading anything
 * finished (the boundary instant is fetched again and deduplicated by identity).
 */
export async function backfillStream<T>(
  db: Db,
  creds: Credentials,
  adapter: StreamAdapter<T>,
  ctx: StoreContext,
  progress: StreamProgress,
  budget: BackfillBudget,
): Promise<{ inserted: number; complete: boolean }> {
  let inserted = 0;
  const max = progress.backfillOldest ?? progress.backfillUpper;
  const fetchAfter = (after: string | null) => adapter.fetchPage(creds, { appId: progress.appId, after, min: null, max });
  if (!(budget.now() < budget.deadlineMs && (await budget.keepGoing()))) return { inserted, complete: false };
  let next: Promise<StreamPage<T>> | null = fetchAfter(null);
  while (next) {
    const page: StreamPage<T> = await next;
    next = null;
    const complete = !page.hasNextPage;
    // Fetch the next page while this one is stored, so storage time does not idle the rate limit.
    // The cursor is valid within this run only; a resumed run starts again from backfill_oldest.
    if (!complete && page.lastCursor && budget.now() < budget.deadlineMs && (await budget.keepGoing())) {
      next = prefetch(fetchAfter(page.lastCursor));
    }
    const last = page.records.at(-1);
    const oldest = last ? toStoredInstant(adapter.instantOf(last)) : null;
    await db.transaction().execute(async (trx) => {
      const stored = await adapter.store(trx, ctx, page.records, 'backfill');
      inserted += stored.inserted;
      await recordBackfillPage(trx, ctx.connectionId, progress, { oldest, complete, inserted: stored.inserted });
    });
    if (complete) return { inserted, complete: true };
  }
  return { inserted, complete: false };
}

/**
 * A page fetched ahead may fail while the current page is being stored, before anyone awaits it, or
 * never be awaited if storing fails. Marking it handled keeps that from being an unhandled
 * rejection; awaiting the same promise still throws its error where the loop reads it.
 */
function prefetch<P>(page: Promise<P>): Promise<P> {
  page.catch(() => undefined);
  return page;
}
