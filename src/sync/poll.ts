import type { Logger } from '../logger.ts';
import type { Credentials } from '../partner/client.ts';
import { PartnerApiError } from '../partner/partnerErrors.ts';
import { recordHighWater, type StreamProgress } from '../storage/syncProgress.ts';
import { toStoredInstant } from '../storage/typeParsers.ts';
import type { Db, StoreContext, StreamAdapter } from './streams.ts';

/**
 * How far below the newest stored record each poll starts again. The API has no stable cursor for
 * "what is new" (an old cursor starts below newly added events), and events can be recorded a little
 * after they occurred, so every poll re-reads an overlapping window and identity drops duplicates.
 */
export const POLL_OVERLAP_MS = 10 * 60 * 1000;

export interface PollLimits {
  maxPages: number;
  /** How long the live polls of one cycle may keep taking new pages, from the cycle's start. */
  maxMs: number;
}

/**
 * A live poll normally reads 1-3 pages (100 records each); after downtime it catches up on the whole
 * gap, newest first, and its high-water mark moves only when the gap is read to its end. So the
 * bounds must let a real catch-up finish: 1,000 pages (100,000 records of one stream) or 30 minutes,
 * the lease renewed before every page. Only an API that keeps saying hasNextPage reaches them; a
 * repeated cursor stops a poll at once. A gap larger than that would stop at the bound every cycle
 * and put the connection in error (logged, shown in the App Home), not lose anything.
 */
export function defaultPollLimits(): PollLimits {
  return { maxPages: 1000, maxMs: 30 * 60_000 };
}

export interface PollBudget {
  maxPages: number;
  deadlineMs: number;
  now: () => number;
  /** Called before each further page; false means the lease was lost and the poll must stop. */
  keepGoing: () => Promise<boolean>;
  /** Scoped to the connection, so a warning names it. */
  logger: Logger;
}

export type PollBound = 'max_pages' | 'deadline' | 'repeated_cursor';

const BOUND_REASON: Record<PollBound, string> = {
  max_pages: 'read its page limit and the Partner API still said more pages follow',
  deadline: 'ran out of time while the Partner API still said more pages follow',
  repeated_cursor: 'got the same page cursor twice (the Partner API is not advancing)',
};

/**
 * One live poll of one stream: every page from (high-water - overlap) to now, newest first. The
 * high-water mark moves only after the whole window is stored, so a crash halfway through a poll
 * re-reads the window instead of skipping its older half. A poll stopped by a bound keeps the pages
 * it stored and leaves the mark alone for the same reason; it fails as a transient Partner error,
 * like any other misbehaving answer, so the health record shows it and the next cycle tries again.
 */
export async function pollStream<T>(
  db: Db,
  creds: Credentials,
  adapter: StreamAdapter<T>,
  ctx: StoreContext,
  progress: StreamProgress,
  budget: PollBudget,
): Promise<{ inserted: number; alertsQueued: number }> {
  const highWater = progress.highWater ?? progress.backfillUpper;
  const min = new Date(Date.parse(highWater) - POLL_OVERLAP_MS).toISOString();
  const cursors = new Set<string>();
  let after: string | null = null;
  let pages = 0;
  let inserted = 0;
  let alertsQueued = 0;
  let newest: string | null = null;
  for (;;) {
    const page = await adapter.fetchPage(creds, { appId: progress.appId, after, min, max: null });
    pages += 1;
    const first = page.records[0];
    if (first && newest === null) newest = toStoredInstant(adapter.instantOf(first));
    if (page.records.length > 0) {
      const stored = await db.transaction().execute((trx) => adapter.store(trx, ctx, page.records, 'poll'));
      inserted += stored.inserted;
      alertsQueued += stored.alertsQueued;
    }
    if (!page.hasNextPage || !page.lastCursor) break;
    const bound: PollBound | null = cursors.has(page.lastCursor)
      ? 'repeated_cursor'
      : pages >= budget.maxPages
        ? 'max_pages'
        : budget.now() >= budget.deadlineMs
          ? 'deadline'
          : null;
    if (bound) {
      budget.logger.warn('Live poll stopped at a bound; it will be retried next cycle', { stream: adapter.stream, appId: progress.appId, bound, pages, inserted });
      throw new PartnerApiError('partner_transient', `Live poll of ${adapter.stream} for app ${progress.appId} stopped after ${pages} pages: it ${BOUND_REASON[bound]}. It will be retried.`, {
        operation: adapter.stream,
        orgId: creds.orgId,
      });
    }
    if (!(await budget.keepGoing())) return { inserted, alertsQueued };
    cursors.add(page.lastCursor);
    after = page.lastCursor;
  }
  if (newest) {
    const mark = newest;
    await db.transaction().execute((trx) => recordHighWater(trx, ctx.connectionId, progress, mark));
  }
  return { inserted, alertsQueued };
}
