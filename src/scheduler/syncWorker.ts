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
  /** How long a claim holds without renewal; defaults to LEASE_MS. */
  leaseMs?: number;
  /** Told after each cycle (the Home tab refreshes while history imports; alerts a poll queued go out). */
  onCycleComplete?: (connectionId: number, outcome: CycleOutcome) => Promise<void>;
  /**
   * A poll due this soon after a tick is taken at that tick: with ticks every 2 s and 1,000 ms here,
   * a 20 s interval polls every 20 s instead of every 22 s (a poll falls due just after a tick).
   */
  claimAheadMs?: number;
  /** Claim again as soon as a cycle ends (the running bot); tests that drive tick() by hand leave it off. */
  claimWhenFreed?: boolean;
}

/**
 * Runs sync cycles for the connections whose poll is due. A connection is leased to one process at
 * a time (across processes too); each cycle runs on its own so a slow or failing connection never
 * delays another. A freed slot is filled at once (not at the next tick), and a connection importing
 * history keeps its lease from one cycle to the next instead of queueing behind every overdue poll.
 */
export function createSyncWorker(deps: SyncDeps & { clock: Clock; logger: Logger }, options: SyncWorkerOptions = {}): SyncWorker {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const maxConcurrent = options.maxConcurrentConnections ?? 50;
  // Renewed before every page, so it only needs to outlast one page with its retries; short, so a
  // killed process's connections are polled again by another within this time (kill -9 in the scale bench).
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const running = new Map<number, Promise<void>>();
  let stopped = false;
  let claiming: Promise<void> | null = null;
  let claimAgain = false;

  const runCycles = async (connectionId: number) => {
    const keepGoing = async () => !stopped && renewLease(deps.db, connectionId, owner, deps.clock.now(), leaseMs);
    let next = deps.clock.now();
    try {
      for (;;) {
        next = new Date(deps.clock.now().getTime() + deps.pollIntervalMs);
        const outcome = await runOneCycle(connectionId, keepGoing);
        if (!outcome || outcome.failed || outcome.backfillComplete) break;
        // Importing: due again at once; this process goes on with it while it still holds the lease.
        next = deps.clock.now();
        if (!(await keepGoing())) break;
      }
    } finally {
      await releaseLease(deps.db, connectionId, owner, next).catch((error: unknown) =>
        deps.logger.warn('Could not release a sync lease; it will expire', { connectionId, error }),
      );
    }
  };

  const runOneCycle = async (connectionId: number, keepGoing: () => Promise<boolean>): Promise<CycleOutcome | null> => {
    let outcome: CycleOutcome | null = null;
    try {
      outcome = await syncConnectionCycle(deps, connectionId, { keepGoing });
    } catch (error) {
      deps.metrics?.pollCycles.inc({ outcome: 'crashed' });
      deps.logger.error('Sync cycle crashed', { connectionId, error });
    }
    if (outcome && options.onCycleComplete) {
      await options.onCycleComplete(connectionId, outcome).catch((error: unknown) => deps.logger.warn('Cycle hook failed', { connectionId, error }));
    }
    return outcome;
  };

  const claim = async () => {
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
      const cycle = runCycles(connection.id).finally(() => {
        running.delete(connection.id);
        // The slot is free now: with more due than slots, waiting for the next tick halves throughput.
        if (options.claimWhenFreed && !stopped) void tick();
      });
      running.set(connection.id, cycle);
    }
  };

  /** One claim at a time; a tick asked for meanwhile claims again right after. */
  const tick = (): Promise<void> => {
    if (claiming) {
      claimAgain = true;
      return claiming;
    }
    claiming = (async () => {
      do {
        claimAgain = false;
        await claim();
      } while (claimAgain && !stopped);
    })().finally(() => {
      claiming = null;
    });
    return claiming;
  };

  return {
    owner,
    tick,
    async idle() {
      while (running.size > 0 || claiming) await Promise.all([...running.values(), claiming]);
    },
    async stop() {
      stopped = true;
      await claiming;
      await Promise.all(running.values());
    },
  };
}

/** How long a sync claim holds without renewal (see createSyncWorker). */
export const LEASE_MS = 30_000;
