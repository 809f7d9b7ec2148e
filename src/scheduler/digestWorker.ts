import { randomUUID } from 'node:crypto';
import { forEachLimited } from '../digest/concurrency.ts';
import { deliverScheduledDigest, type ScheduledOutcome } from '../digest/deliverScheduled.ts';
import type { DigestDeps } from '../digest/digestDeps.ts';
import { CADENCES, dueSummary, type SummarySlot } from '../digest/schedule.ts';
import { digestKeyString, digestStates, latestPeriods } from '../storage/digests.ts';
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
 * Sends each workspace's daily, weekly and monthly summaries (those turned on) when they are due. Which digests are due is the pure schedule's
 * answer; whether one is still to send is digests_sent's, where a claim decides between processes.
 */
export function createDigestWorker(deps: DigestDeps, options: DigestWorkerOptions = {}): DigestWorker {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? 16;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const counts: Record<ScheduledOutcome, number> = { sent: 0, skipped: 0, already_posted: 0, not_claimed: 0, failed: 0 };
  let round: Promise<void> | null = null;
  let stopped = false;

  const runRound = async () => {
    const now = deps.clock.now();
    const due = await listDue(deps, now);
    await forEachLimited(due, concurrency, async ({ target, slot }) => {
      if (stopped) return;
      const outcome = await deliverScheduledDigest({ ...deps, owner, leaseMs }, target, slot).catch((error: unknown) => {
        deps.logger.error('Summary delivery crashed', { teamId: target.workspaceId, cadence: slot.period.cadence, error });
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
 * Summaries due at `now` that nobody sent or holds, per workspace and cadence turned on. A slot that
 * passed before the workspace connected (or the cadence was turned on) is not due (connecting on a
 * Tuesday does not post last week's digest at once), nor a period older than one already claimed
 * (a workspace that moved to a zone behind its old one).
 */
async function listDue(deps: DigestDeps, now: Date): Promise<Array<{ target: DigestTarget; slot: SummarySlot }>> {
  const due = (await listDigestTargets(deps.db)).flatMap((target) =>
    CADENCES.flatMap((cadence) => {
      const setting = target.summaries[cadence];
      if (!setting.on || !setting.channelId) return [];
      const slot = dueSummary(now, cadence, { timeZone: target.timeZone, hour: setting.hour, weekday: setting.weekday });
      const since = Math.max(Date.parse(target.connectedAt), setting.since ? Date.parse(setting.since) : 0);
      return slot && since < slot.dueAt.getTime() ? [{ target, slot }] : [];
    }),
  );
  const keyOf = ({ target, slot }: { target: DigestTarget; slot: SummarySlot }) => ({ workspaceId: target.workspaceId, cadence: slot.period.cadence, periodStart: slot.period.key });
  const [states, latest] = await Promise.all([digestStates(deps.db, due.map(keyOf)), latestPeriods(deps.db, due.map((d) => d.target.workspaceId))]);
  return due.filter((d) => {
    const state = states.get(digestKeyString(keyOf(d)));
    if (!state) return !(d.slot.period.key < (latest.get(`${d.target.workspaceId}/${d.slot.period.cadence}`) ?? ''));
    return state.status === 'claimed' && (state.claimedUntil === null || Date.parse(state.claimedUntil) <= now.getTime());
  });
}
