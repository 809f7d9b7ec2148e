import type { SlackFailure } from '../slackApi/slackErrors.ts';
import { listDigestTargets, type DigestTarget } from '../storage/digestTargets.ts';
import { digestMetadata, postDigestMessage, uploadDigestChart, type PostDeps } from './postDigest.ts';
import { buildSummary } from './deliverScheduled.ts';
import { defaultSleep, type DigestDeps } from './digestDeps.ts';
import { asWeek, lastCompletePeriod, type Cadence, type DigestWeek } from './schedule.ts';

export type DigestNowResult =
  | { ok: true; week: DigestWeek; cadence?: Cadence; channelId: string; chart: boolean }
  | { ok: false; reason: 'not_connected' | 'no_channel' | 'no_apps' | 'no_token' | 'busy' }
  | { ok: false; reason: 'slack'; failure: SlackFailure };

/**
 * `/partner digest now`: the digest of the last complete week, posted at once to the digest channel.
 * It is not recorded in digests_sent, so it neither takes nor spends the scheduled week's slot: the
 * scheduled digest still goes out at its time, once. Its metadata says "on_demand", so the scheduled
 * digest's crash recovery never mistakes it for itself.
 */
export function createDigestNow(deps: DigestDeps): (workspaceId: string, cadence?: Cadence) => Promise<DigestNowResult> {
  // One on-demand digest per workspace at a time: a double-typed command does not post twice.
  const inFlight = new Set<string>();
  return async (workspaceId, cadence = 'weekly') => {
    if (inFlight.has(workspaceId)) return { ok: false, reason: 'busy' };
    inFlight.add(workspaceId);
    try {
      const [target] = await listDigestTargets(deps.db, workspaceId);
      return target ? await send(deps, target, cadence) : { ok: false, reason: 'not_connected' };
    } finally {
      inFlight.delete(workspaceId);
    }
  };
}

const TITLES: Record<Cadence, string> = { daily: 'Daily summary (on demand)', weekly: 'Weekly digest (on demand)', monthly: 'Monthly summary (on demand)' };

async function send(deps: DigestDeps, target: DigestTarget, cadence: Cadence): Promise<DigestNowResult> {
  const channelId = target.summaries[cadence].channelId;
  if (!channelId) return { ok: false, reason: 'no_channel' };
  const slack = await deps.slackFor(target.workspaceId);
  if (!slack) return { ok: false, reason: 'no_token' };
  const period = lastCompletePeriod(deps.clock.now(), cadence, target.timeZone);
  const week = asWeek(period);
  const built = await buildSummary(deps, target, period, TITLES[cadence]);
  if (!built) return { ok: false, reason: 'no_apps' };
  const post: PostDeps = { slack, sleep: deps.sleep ?? defaultSleep };
  const result = await postDigestMessage(post, channelId, built.message, digestMetadata(target.workspaceId, week.weekStart, 'on_demand', cadence));
  if (!result.ok) return { ok: false, reason: 'slack', failure: result.failure };
  const upload = built.chart ? await uploadDigestChart(post, channelId, built.chart) : null;
  if (upload && !upload.ok) deps.logger.warn('On-demand digest chart upload failed', { teamId: target.workspaceId, failure: upload.failure });
  return { ok: true, week, cadence, channelId, chart: upload?.ok ?? false };
}
