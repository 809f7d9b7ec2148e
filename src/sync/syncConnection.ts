import type { Clock } from '../clock.ts';
import type { TokenCipher } from '../crypto/tokenCipher.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Credentials } from '../partner/client.ts';
import { getConnection, listTrackedApps, readPartnerToken } from '../storage/connections.ts';
import { recordSyncFailure, recordSyncSuccess, type HealthChange } from '../storage/connectionLeases.ts';
import { loadOrStartProgress, type StreamProgress } from '../storage/syncProgress.ts';
import { backfillStream } from './backfill.ts';
import { defaultPollLimits, pollStream, type PollBudget, type PollLimits } from './poll.ts';
import type { AnyStreamAdapter, Db, StoreContext, StreamAdapter } from './streams.ts';
import { describeSyncFailure } from './syncFailure.ts';

export interface SyncDeps {
  db: Db;
  cipher: TokenCipher;
  clock: Clock;
  logger: Logger;
  adapters: AnyStreamAdapter[];
  pollIntervalMs: number;
  /**
   * How long a cycle keeps importing history before it ends and the next one polls again. Default:
   * the poll interval, but never under IMPORT_SLICE_MS.
   */
  importSliceMs?: number;
  /** Consecutive transient failures that put a connection in error. */
  errorAfterFailures: number;
  /** Told when a connection enters or leaves the error state (admin DMs). */
  onHealthChange?: (connectionId: number, change: Exclude<HealthChange, null>) => Promise<void>;
  /** Overrides the live poll bounds (tests use small ones). */
  pollLimits?: Partial<PollLimits>;
  /** Counts cycles by outcome. */
  metrics?: Pick<Metrics, 'pollCycles'>;
}

/**
 * Every cycle's live polls (two requests per app) and the wait for the next tick are time the
 * history import does not use the token's rate limit. Slices as short as a fast poll interval cut
 * it down (bench/sync.bench.ts, 3-app organization: 81% of the limit at 20 s, 63% at 10 s); slices
 * of at least a minute keep it near the limiter's 91% and still pick up new events every minute
 * while the import runs.
 */
export const IMPORT_SLICE_MS = 60_000;

/** The cycle's hold on its connection, as the worker that claimed it keeps it. */
export interface CycleLease {
  /** Renews the lease; false means it was lost (or the worker is stopping) and the cycle must stop. */
  keepGoing: () => Promise<boolean>;
}

export interface CycleOutcome {
  imported: number;
  alertsQueued: number;
  backfillComplete: boolean;
  failed: boolean;
}

/**
 * One sync cycle of one connection: a live poll of every stream of every tracked app first (new
 * events must not wait behind history), then history import for one slice (see IMPORT_SLICE_MS).
 */
export async function syncConnectionCycle(deps: SyncDeps, connectionId: number, lease: CycleLease): Promise<CycleOutcome> {
  const startedMs = deps.clock.now().getTime();
  const connection = await getConnection(deps.db, connectionId);
  const token = connection ? await readPartnerToken(deps.db, deps.cipher, connectionId) : null;
  if (!connection || !token || connection.status === 'disconnected') {
    return { imported: 0, alertsQueued: 0, backfillComplete: true, failed: false };
  }
  const logger = deps.logger.child({ connectionId, orgId: connection.organizationId, teamId: connection.workspaceId });
  const creds: Credentials = { orgId: connection.organizationId, token };
  const ctx: StoreContext = {
    connectionId,
    // Where each alert goes is the routing rules' choice (read as the events are stored).
    alerts: connection.alertsFrom ? { from: connection.alertsFrom } : null,
  };
  let imported = 0;
  let alertsQueued = 0;
  try {
    const apps = await listTrackedApps(deps.db, connectionId);
    const work: { adapter: AnyStreamAdapter; progress: StreamProgress }[] = [];
    for (const app of apps) {
      for (const adapter of deps.adapters) {
        work.push({ adapter, progress: await loadOrStartProgress(deps.db, connectionId, app.appId, adapter.stream, deps.clock.now()) });
      }
    }
    const limits = { ...defaultPollLimits(), ...deps.pollLimits };
    const now = () => deps.clock.now().getTime();
    const pollBudget: PollBudget = { maxPages: limits.maxPages, deadlineMs: startedMs + limits.maxMs, now, keepGoing: lease.keepGoing, logger };
    // Streams run side by side: they share the token's limiter, which keeps the pace at the limit.
    const polled = await settleAll(work.map(({ adapter, progress }) => pollStream(deps.db, creds, adapter as StreamAdapter<unknown>, ctx, progress, pollBudget)));
    for (const p of polled) {
      imported += p.inserted;
      alertsQueued += p.alertsQueued;
    }
    const budget = { deadlineMs: startedMs + (deps.importSliceMs ?? Math.max(deps.pollIntervalMs, IMPORT_SLICE_MS)), now, keepGoing: lease.keepGoing };
    const backfills = await settleAll(
      work
        .filter(({ progress }) => !progress.backfillComplete)
        .map(async ({ adapter, progress }) => {
          const result = await backfillStream(deps.db, creds, adapter as StreamAdapter<unknown>, ctx, progress, budget);
          imported += result.inserted;
          return result.complete;
        }),
    );
    const change = await recordSyncSuccess(deps.db, connectionId, deps.clock.now(), imported);
    deps.metrics?.pollCycles.inc({ outcome: 'ok' });
    if (change) await notify(deps, logger, connectionId, change);
    if (imported > 0) logger.debug('Sync cycle stored records', { imported, alertsQueued });
    return { imported, alertsQueued, backfillComplete: backfills.every(Boolean), failed: false };
  } catch (error) {
    const failure = describeSyncFailure(error);
    logger.warn('Sync cycle failed', { code: failure.code, error: failure.message, imported });
    const change = await recordSyncFailure(deps.db, connectionId, deps.clock.now(), { ...failure, imported }, deps.errorAfterFailures);
    deps.metrics?.pollCycles.inc({ outcome: failure.code });
    if (change) await notify(deps, logger, connectionId, change);
    return { imported, alertsQueued, backfillComplete: false, failed: true };
  }
}

async function notify(deps: SyncDeps, logger: Logger, connectionId: number, change: Exclude<HealthChange, null>): Promise<void> {
  logger.info(change === 'failed' ? 'Connection entered the error state' : 'Connection recovered');
  await deps.onHealthChange?.(connectionId, change).catch((error: unknown) => logger.warn('Health notification failed', { error }));
}

/** Like Promise.all, but waits for every stream to stop before reporting the first failure. */
async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
