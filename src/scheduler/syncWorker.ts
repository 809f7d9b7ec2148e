import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { claimDueConnections, releaseLease, renewLease } from '../storage/connectionLeases.ts';
import { syncConnectionCycle, type CycleOutcome, type SyncDeps } from '../sync/syncConnection.ts';

export interface SyncWorker {
  /** Claims due connections and starts their cycles; never waits for a cycle to finish. */
  tick(): Promise<void>;
  /** Resolves when every running cycle has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  readonly owner: string;
}

export interface SyncWorkerOptions {
  maxConcurrentConnections?: number;
  owner?: string;
  /** How long a claim holds without renewal; defaults to one poll interval plus a minute. */
  leaseMs?: number;
  /** Told after each cycle, once its lease is released (the Home tab refreshes while history imports). */
  onCycleComplete?: (connectionId: number, outcome: CycleOutcome) => Promise<void>;
  /**
   * A poll due this soon after a tick is taken at that tick: with ticks every 2 s and 1,000 ms here,
   * a 20 s interval polls every 20 s instead of every 22 s (a poll falls due just after a tick).
   */
  claimAheadMs?: number;
}

/**
 * Runs sync cycles for the connections whose poll is due. A connection is leased to one process at
 * a time (across processes too); each cycle runs on its own so a slow or failing connection never
 * delays another; a connection importing history is due again as soon as its cycle ends.
 */
export function createSyncWorker(deps: SyncDeps & { clock: Clock; logger: Logger }, options: SyncWorkerOptions = {}): SyncWorker {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const maxConcurrent = options.maxConcurrentConnections ?? 50;
  // A lease outlives a cycle comfortably; it is renewed between pages of a long import or live poll.
  const leaseMs = options.leaseMs ?? deps.pollIntervalMs + 60_000;
  const running = new Map<number, Promise<void>>();
  let stopped = false;

  const runCycle = async (connectionId: number) => {
    const keepGoing = async () => !stopped && renewLease(deps.db, connectionId, owner, deps.clock.now(), leaseMs);
    const startedMs = deps.clock.now().getTime();
    let next = new Date(startedMs + deps.pollIntervalMs);
    let outcome: CycleOutcome | null = null;
    try {
      outcome = await syncConnectionCycle(deps, connectionId, { keepGoing });
      if (!outcome.failed && !outcome.backfillComplete) next = deps.clock.now();
    } catch (error) {
      deps.metrics?.pollCycles.inc({ outcome: 'crashed' });
      deps.logger.error('Sync cycle crashed', { connectionId, error });
    } finally {
      await releaseLease(deps.db, connectionId, owner, next).catch((error: unknown) =>
        deps.logger.warn('Could not release a sync lease; it will expire', { connectionId, error }),
      );
    }
    if (outcome && options.onCycleComplete) {
      await options.onCycleComplete(connectionId, outcome).catch((error: unknown) => deps.logger.warn('Cycle hook failed', { connectionId, error }));
    }
  };

  return {
    owner,
    async tick() {
      if (stopped || running.size >= maxConcurrent) return;
      let claimed;
      try {
        const now = deps.clock.now();
        const dueBy = new Date(now.getTime() + (options.claimAheadMs ?? 0));
        claimed = await claimDueConnections(deps.db, owner, now, leaseMs, maxConcurrent - running.size, dueBy);
      } catch (error) {
        deps.logger.error('Could not claim due connections', { error });
        return;
      }
      for (const connection of claimed) {
        const cycle = runCycle(connection.id).finally(() => running.delete(connection.id));
        running.set(connection.id, cycle);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all(running.values());
    },
    async stop() {
      stopped = true;
      await Promise.all(running.values());
    },
  };
}
