import type { SlackFailure } from '../slackApi/slackErrors.ts';
import { claimDigest, markDigestSent, markDigestSkipped, recordDigestChart, releaseDigest, renewDigestClaim, type DigestKey } from '../storage/digests.ts';
import type { DigestTarget } from '../storage/digestTargets.ts';
import { buildDailySummary } from './dailySummary.ts';
import { digestMetadata, postDigestMessage, uploadDigestChart, type PostDeps } from './postDigest.ts';
import { buildDigest } from './buildDigest.ts';
import { defaultSleep, type DigestDeps } from './digestDeps.ts';
import { findPostedDigest } from './findPostedDigest.ts';
import { asWeek, type Cadence, type SummaryPeriod, type SummarySlot } from './schedule.ts';
import type { DigestMessage } from './views/digestView.ts';
import { nothingHappened } from './views/dailyView.ts';

export type ScheduledOutcome = 'sent' | 'skipped' | 'already_posted' | 'not_claimed' | 'failed';

/**
 * Delivers one workspace's scheduled digest exactly once: claim (digests_sent's primary key decides
 * between processes) -> on a retried claim, look for it in the channel first -> build -> post ->
 * mark sent -> upload the chart. A failure before Slack accepted gives the claim back with a delay.
 *
 * Remaining window: Slack accepted the message but this process died before marking it sent. The
 * next claim (after the lease expires) finds the message by its metadata and only marks it sent. While
 * history cannot be read for a reason that passes (Slack failing) it waits; when it never can (no
 * history scope) it posts again: at least once rather than never. The chart follows the message and is not
 * retried: a crash between the two leaves that week's digest without its chart.
 */
export async function deliverScheduledDigest(deps: DigestDeps & { owner: string; leaseMs: number }, target: DigestTarget, slot: SummarySlot): Promise<ScheduledOutcome> {
  const { cadence } = slot.period;
  const key: DigestKey = { workspaceId: target.workspaceId, cadence, periodStart: slot.period.key };
  const channelId = target.summaries[cadence].channelId;
  const logger = deps.logger.child({ teamId: target.workspaceId, connectionId: target.connectionId, cadence, periodStart: key.periodStart });
  const claim = await claimDigest(deps.db, { ...key, connectionId: target.connectionId }, deps.owner, deps.clock.now(), deps.leaseMs);
  if (!claim) return 'not_claimed';
  const giveBack = async (delayMs: number, error: string) => {
    logger.warn('Summary not sent; it will be retried within its period', { error, retryInMs: delayMs });
    await releaseDigest(deps.db, key, deps.owner, new Date(deps.clock.now().getTime() + delayMs), error);
    return 'failed' as const;
  };
  try {
    if (!channelId) return await giveBack(HOUR, 'no digest or alerts channel is set');
    const slack = await deps.slackFor(target.workspaceId);
    if (!slack) return await giveBack(HOUR, 'no Slack token for the workspace');
    if (claim.attempts > 1) {
      const self = await deps.botIdentityFor(target.workspaceId);
      // Without knowing who we are, or with history unreadable for a while, posting could double it.
      if (!self) return await giveBack(MINUTE, 'could not learn the bot\'s own Slack ids to check for an earlier post');
      const { ts, gap } = await findPostedDigest(slack, channelId, { ...key, since: slot.period.end }, self);
      if (gap?.passes) return await giveBack(MINUTE, `could not read the channel's history to check for an earlier post: ${describe(gap.failure)}`);
      if (gap) logger.warn('Channel history cannot be read to check for an earlier digest; posting it again', { error: describe(gap.failure) });
      if (ts) {
        await markDigestSent(deps.db, key, deps.owner, ts, deps.clock.now());
        logger.info('Summary was already in the channel; marked sent', { ts });
        return 'already_posted';
      }
    }
    const built = await buildSummary(deps, target, slot.period, SCHEDULED_TITLES[cadence]);
    if (!built) return await giveBack(HOUR, 'no tracked apps');
    if (built.empty && target.summaries[cadence].skipEmpty) {
      await markDigestSkipped(deps.db, key, deps.owner, deps.clock.now());
      logger.info('Summary skipped: nothing happened in the period and the workspace chose to skip such days');
      return 'skipped';
    }
    const post: PostDeps = {
      slack,
      sleep: deps.sleep ?? defaultSleep,
      onRateLimited: async (ms) => void (await renewDigestClaim(deps.db, key, deps.owner, new Date(deps.clock.now().getTime() + deps.leaseMs + ms))),
    };
    const result = await postDigestMessage(post, channelId, built.message, digestMetadata(target.workspaceId, key.periodStart, 'scheduled', cadence));
    if (!result.ok) return await giveBack(retryDelay(result.failure), describe(result.failure));
    if (!(await markDigestSent(deps.db, key, deps.owner, result.ts, deps.clock.now()))) {
      logger.error('Summary posted after its claim expired; another process may post it too', { ts: result.ts });
    }
    if (built.chart) {
      const upload = await uploadDigestChart(post, channelId, built.chart);
      if (upload.ok && upload.fileId) await recordDigestChart(deps.db, key, upload.fileId);
      else if (!upload.ok) logger.warn('Digest chart upload failed; the digest went out without it', { error: describe(upload.failure) });
    }
    logger.info('Summary sent', { ts: result.ts, chart: built.chart !== null });
    return 'sent';
  } catch (error) {
    logger.error('Summary failed', { error });
    return await giveBack(5 * MINUTE, error instanceof Error ? error.message : String(error)).catch(() => 'failed' as const);
  }
}

export const SCHEDULED_TITLES: Record<Cadence, string> = { daily: 'Daily summary', weekly: 'Weekly digest', monthly: 'Monthly summary' };

/**
 * The message (and chart, weekly and monthly) of one cadence's summary for a period; null without
 * tracked apps. `empty`: a daily summary of a day when nothing happened.
 */
export async function buildSummary(
  deps: Pick<DigestDeps, 'db' | 'renderChart'>,
  target: Pick<DigestTarget, 'connectionId' | 'timeZone'>,
  period: SummaryPeriod,
  title: string,
): Promise<{ message: DigestMessage; chart: { png: Buffer; filename: string; title: string } | null; empty: boolean } | null> {
  if (period.cadence === 'daily') {
    const daily = await buildDailySummary(deps.db, { connectionId: target.connectionId, timeZone: target.timeZone, period, title });
    return daily ? { message: daily.message, chart: null, empty: nothingHappened(daily.report) } : null;
  }
  const digest = await buildDigest(deps.db, deps.renderChart, { connectionId: target.connectionId, timeZone: target.timeZone, week: asWeek(period), cadence: period.cadence, title });
  return digest ? { ...digest, empty: false } : null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function retryDelay(failure: SlackFailure): number {
  switch (failure.kind) {
    case 'rate_limited':
      return failure.retryAfterMs + MINUTE;
    case 'channel':
      return 30 * MINUTE;
    case 'token_refused':
      return 30 * MINUTE;
    case 'rejected':
      return 15 * MINUTE;
    case 'transient':
      // Slack may have posted it: the next claim checks the channel's history first.
      return MINUTE;
  }
}

export function describe(failure: SlackFailure): string {
  return failure.kind === 'rate_limited' ? 'rate limited' : failure.error;
}
