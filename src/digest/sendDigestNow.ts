import type { SlackFailure } from '../slackApi/slackErrors.ts';
import { listDigestTargets, type DigestTarget } from '../storage/digestTargets.ts';
import { digestMetadata, postDigestMessage, uploadDigestChart, type PostDeps } from './postDigest.ts';
import { buildDigest } from './buildDigest.ts';
import { defaultSleep, type DigestDeps } from './digestDeps.ts';
import { lastCompleteWeek, type DigestWeek } from './schedule.ts';

export type DigestNowResult =
  | { ok: true; week: DigestWeek; channelId: string; chart: boolean }
  | { ok: false; reason: 'not_connected' | 'no_channel' | 'no_apps' | 'no_token' | 'busy' }
  | { ok: false; reason: 'slack'; failure: SlackFailure };

/**
 * `/partner digest now`: the digest of the last complete week, posted at once to the digest channel.
 * It is not recorded in digests_sent, so it neither takes nor spends the scheduled week's slot: the
 * scheduled digest still goes out at its time, once. Its metadata says "on_demand", so the scheduled
 * digest's crash recovery never mistakes it for itself.
 */
export function createDigestNow(deps: DigestDeps): (workspaceId: string) => Promise<DigestNowResult> {
  // One on-demand digest per workspace at a time: a double-typed command does not post twice.
  const inFlight = new Set<string>();
  return async (workspaceId) => {
    if (inFlight.has(workspaceId)) return { ok: false, reason: 'busy' };
    inFlight.add(workspaceId);
    try {
      const [target] = await listDigestTargets(deps.db, workspaceId);
      return target ? await send(deps, target) : { ok: false, reason: 'not_connected' };
    } finally {
      inFlight.delete(workspaceId);
    }
  };
}

async function send(deps: DigestDeps, target: DigestTarget): Promise<DigestNowResult> {
  if (!target.channelId) return { ok: false, reason: 'no_channel' };
  const slack = await deps.slackFor(target.workspaceId);
  if (!slack) return { ok: false, reason: 'no_token' };
  const week = lastCompleteWeek(deps.clock.now(), target.timeZone);
  const built = await buildDigest(deps.db, deps.renderChart, { connectionId: target.connectionId, timeZone: target.timeZone, week, title: 'Weekly digest (on demand)' });
  if (!built) return { ok: false, reason: 'no_apps' };
  const post: PostDeps = { slack, sleep: deps.sleep ?? defaultSleep };
  const result = await postDigestMessage(post, target.channelId, built.message, digestMetadata(target.workspaceId, week.weekStart, 'on_demand'));
  if (!result.ok) return { ok: false, reason: 'slack', failure: result.failure };
  const upload = built.chart ? await uploadDigestChart(post, target.channelId, built.chart) : null;
  if (upload && !upload.ok) deps.logger.warn('On-demand digest chart upload failed', { teamId: target.workspaceId, failure: upload.failure });
  return { ok: true, week, channelId: target.channelId, chart: upload?.ok ?? false };
}
