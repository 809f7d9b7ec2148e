import { randomUUID } from 'node:crypto';
import { forEachLimited } from '../digest/concurrency.ts';
import { deliverScheduledDigest, type ScheduledOutcome } from '../digest/deliverScheduled.ts';
import type { DigestDeps } from '../digest/digestDeps.ts';
import { dueDigest, type DigestSlot } from '../digest/schedule.ts';
import { digestKeyString, digestStates } from '../storage/digests.ts';
import { listDigestTargets, type DigestTarget } from '../storage/digestTargets.ts';

export interface DigestWorker {
  /** Starts a round over the digests due now unless one is running; never waits for it. */
  tick(): Promise<void>;
  /** Resolves when the running round has finished (tests, benches, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  readonly owner: string;
  /** Outcomes of the rounds so far (for the bench and logs). */
  readonly counts: Record<ScheduledOutcome, number>;
}

export interface DigestWorkerOptions {
  owner?: string;
  /** Workspaces delivered side by side (each posts to its own channel). */
  concurrency?: number;
  leaseMs?: number;
}

/**
 * Sends each workspace's weekly digest when it is due. Which digests are due is the pure schedule's
 * answer; whether one is still to send is digests_sent's, where a claim decides between processes.
 */
export function createDigestWorker(deps: DigestDeps, options: DigestWorkerOptions = {}): DigestWorker {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? 16;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const counts: Record<ScheduledOutcome, number> = { sent: 0, already_posted: 0, not_claimed: 0, failed: 0 };
  let round: Promise<void> | null = null;
  let stopped = false;

  const runRound = async () => {
    const now = deps.clock.now();
    const due = await listDue(deps, now);
    await forEachLimited(due, concurrency, async ({ target, slot }) => {
      if (stopped) return;
      const outcome = await deliverScheduledDigest({ ...deps, owner, leaseMs }, target, slot).catch((error: unknown) => {
        deps.logger.error('Weekly digest delivery crashed', { teamId: target.workspaceId, error });
        return 'failed' as const;
      });
      counts[outcome]++;
    });
  };

  return {
    owner,
    counts,
    async tick() {
      if (stopped || round) return;
      round = runRound()
        .catch((error: unknown) => deps.logger.error('Could not list due digests', { error }))
        .finally(() => (round = null));
    },
    async idle() {
      while (round) await round;
    },
    async stop() {
      stopped = true;
      while (round) await round;
    },
  };
}

/**
 * Digests due at `now` that nobody sent or holds: a slot that passed before the workspace connected
 * is not due (connecting on a Tuesday does not post last week's digest at once).
 */
async function listDue(deps: DigestDeps, now: Date): Promise<Array<{ target: DigestTarget; slot: DigestSlot }>> {
  const due = (await listDigestTargets(deps.db)).flatMap((target) => {
    if (!target.channelId) return [];
    const slot = dueDigest(now, target);
    return slot && Date.parse(target.connectedAt) < slot.dueAt.getTime() ? [{ target, slot }] : [];
  });
  const states = await digestStates(deps.db, due.map(({ target, slot }) => ({ workspaceId: target.workspaceId, weekStart: slot.week.weekStart })));
  return due.filter(({ target, slot }) => {
    const state = states.get(digestKeyString({ workspaceId: target.workspaceId, weekStart: slot.week.weekStart }));
    return !state || (state.status === 'claimed' && (state.claimedUntil === null || Date.parse(state.claimedUntil) <= now.getTime()));
  });
}
