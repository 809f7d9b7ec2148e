import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { backOffChannel, recordPost, type ClaimedChannel } from '../storage/alertChannels.ts';
import { clearTokenFailure, recordTokenFailure } from '../storage/slackTokenFailures.ts';
import { extendClaims, type OutboxAlert } from '../storage/alertOutbox/claim.ts';
import { markSent, markUnconfirmed, releaseAlerts, skipAlerts } from '../storage/alertOutbox/settle.ts';
import type { Database } from '../storage/schema.ts';
import type { BotIdentityFor } from '../slackApi/botIdentity.ts';
import { classifySlackError } from '../slackApi/slackErrors.ts';
import type { AlertMessage } from './views/alertMessage.ts';
import { buildPauseNotice, type PauseReason } from './views/pauseNotice.ts';
import { pauseChannel } from './channelPause.ts';
import { claimBatch, type RoutedAlert } from './claimBatch.ts';
import { countPosted, type DeliveryMetrics } from './countPosted.ts';
import { renderAlert, renderGrouped } from './render.ts';
import { unionOfMentions, withMentions } from './routing/withMentions.ts';
import type { AlertSlack } from './slackClients.ts';
import { alertMetadata, findPostedAlerts } from './verify.ts';

export interface DeliveryDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  owner: string;
  slackFor: (workspaceId: string) => Promise<AlertSlack | null>;
  /** Our bot's ids in the workspace: only our own messages in a channel confirm an earlier post. */
  botIdentityFor: BotIdentityFor;
  leaseMs: number;
  holdGraceMs: number;
  /** Gap between two messages in one channel (Slack: about one per second). */
  minGapMs: number;
  /** More due alerts than this for one channel become one grouped message. */
  groupAbove: number;
  batchLimit: number;
  sleep: (ms: number) => Promise<void>;
  stopped: () => boolean;
  /** Counts posted alerts and observes their detection lag. */
  metrics?: DeliveryMetrics;
}

/** Attempts before an alert Slack keeps refusing for what it is (e.g. invalid_blocks) is given up. */
const MAX_ATTEMPTS = 5;
const PAUSE_RETRY_MS = 5 * 60_000;

type PostResult = { ok: true; ts: string } | { ok: false; stop: boolean };

/** Delivers a leased channel's due alerts in order, paced, until none is due or the channel stops working. */
export async function deliverChannel(deps: DeliveryDeps, channel: ClaimedChannel): Promise<void> {
  const logger = deps.logger.child({ teamId: channel.workspaceId, connectionId: channel.connectionId, channelId: channel.channelId });
  const slack = await deps.slackFor(channel.workspaceId);
  if (!slack) {
    await waitForSlack(deps, channel, 'no Slack token for the workspace', tokenBackOffMs, logger, 'No Slack token for the workspace; its alerts wait');
    return;
  }
  let lastPostMs = channel.lastPostAt ? Date.parse(channel.lastPostAt) : 0;
  let joinTried = false;
  let failing = channel.failures > 0 || channel.tokenRefused;

  const post = async (message: AlertMessage, alerts: OutboxAlert[]): Promise<PostResult> => {
    const ids = alerts.map((a) => a.id);
    for (;;) {
      const wait = lastPostMs + deps.minGapMs - deps.clock.now().getTime();
      if (wait > 0) await deps.sleep(wait);
      try {
        const res = await slack.chat.postMessage({ channel: channel.channelId, text: message.text, blocks: message.blocks, metadata: alertMetadata(ids), unfurl_links: false, unfurl_media: false });
        lastPostMs = deps.clock.now().getTime();
        return { ok: true, ts: res.ts ?? '' };
      } catch (error) {
        const failure = classifySlackError(error);
        lastPostMs = deps.clock.now().getTime();
        switch (failure.kind) {
          case 'rate_limited':
            logger.info('Slack rate limit; waiting Retry-After and keeping the order', { retryAfterMs: failure.retryAfterMs });
            await extendClaims(deps.db, ids, deps.owner, new Date(deps.clock.now().getTime() + deps.leaseMs + failure.retryAfterMs));
            await deps.sleep(failure.retryAfterMs);
            continue;
          case 'channel':
            if (failure.error === 'not_in_channel' && !joinTried) {
              joinTried = true;
              if (await joinIfPublic(slack, channel.channelId, logger)) continue;
            }
            await releaseAlerts(deps.db, ids, deps.owner, failure.error, deps.clock.now());
            await pause(deps, slack, channel, failure.error, logger);
            return { ok: false, stop: true };
          case 'token_refused':
            // Not an uninstall: only Slack's app_uninstalled / tokens_revoked events forget a workspace.
            await releaseAlerts(deps.db, ids, deps.owner, failure.error, deps.clock.now());
            await recordTokenFailure(deps.db, channel.workspaceId, failure.error, deps.clock.now());
            await waitForSlack(deps, channel, failure.error, tokenBackOffMs, logger, 'Slack refuses the bot token; alerts wait for a working token');
            return { ok: false, stop: true };
          case 'rejected': {
            const spent = alerts.filter((a) => a.attempts + 1 >= MAX_ATTEMPTS).map((a) => a.id);
            logger.warn('Slack refused an alert', { error: failure.error, outboxIds: ids, givingUp: spent });
            await skipAlerts(deps.db, spent, `Slack refused it ${MAX_ATTEMPTS} times: ${failure.error}`);
            const retry = ids.filter((id) => !spent.includes(id));
            await releaseAlerts(deps.db, retry, deps.owner, failure.error, new Date(deps.clock.now().getTime() + 30_000 * Math.max(1, alerts[0]!.attempts)));
            return { ok: false, stop: false };
          }
          case 'transient':
            // Slack may have posted it: the claim marker stays, so the next attempt reads the channel's
            // history before sending again.
            await markUnconfirmed(deps.db, ids, deps.owner, failure.error, deps.clock.now());
            await waitForSlack(deps, channel, failure.error, transientBackOffMs, logger, 'Slack failed; the channel waits, then checks its history before resending');
            return { ok: false, stop: true };
        }
      }
    }
  };

  while (!deps.stopped()) {
    const batch = await claimBatch(deps.db, channel, { owner: deps.owner, now: deps.clock.now(), leaseMs: deps.leaseMs, limit: deps.batchLimit, holdGraceMs: deps.holdGraceMs });
    if (!batch || batch.length === 0) return;
    const confirmed = await confirmEarlierPosts(deps, slack, channel, batch, logger);
    if (!confirmed) return;
    const todo = batch.filter((a) => !confirmed.has(a.id));

    const settle = async (result: PostResult, alerts: RoutedAlert[]) => {
      if (!result.ok) return;
      await sent(deps, channel, alerts, result.ts);
      if (failing) {
        failing = false;
        await clearTokenFailure(deps.db, channel.workspaceId);
        logger.info('Slack takes alerts again');
      }
    };

    if (todo.length > deps.groupAbove) {
      const result = await post(withMentions(await renderGrouped(deps.db, channel.connectionId, todo), unionOfMentions(todo)), todo);
      await settle(result, todo);
      if (!result.ok && result.stop) return;
      continue;
    }
    for (let i = 0; i < todo.length; i += 1) {
      const alert = todo[i]!;
      const message = await renderAlert(deps.db, channel.connectionId, alert);
      if (!message) {
        await skipAlerts(deps.db, [alert.id], 'not an alert kind');
        continue;
      }
      const result = await post(withMentions(message, alert.mentions), [alert]);
      await settle(result, [alert]);
      if (!result.ok && result.stop) {
        await releaseAlerts(deps.db, todo.slice(i + 1).map((a) => a.id), deps.owner, null, deps.clock.now());
        return;
      }
    }
  }
}

/**
 * Alerts of the batch claimed before and never confirmed may already be in the channel: looks there
 * and marks those sent. Returns their ids, or null when the channel must wait because we cannot tell
 * yet (Slack failing, or our own ids unknown): resending then could post an alert twice.
 */
async function confirmEarlierPosts(deps: DeliveryDeps, slack: AlertSlack, channel: ClaimedChannel, batch: OutboxAlert[], logger: Logger): Promise<Set<number> | null> {
  const unconfirmed = batch.filter((a) => a.unconfirmed);
  if (unconfirmed.length === 0) return new Set();
  const waitAll = async (error: string) => {
    await markUnconfirmed(deps.db, unconfirmed.map((a) => a.id), deps.owner, error, deps.clock.now());
    await releaseAlerts(deps.db, batch.filter((a) => !a.unconfirmed).map((a) => a.id), deps.owner, null, deps.clock.now());
    await waitForSlack(deps, channel, error, transientBackOffMs, logger, 'Cannot tell yet whether Slack has earlier alerts; the channel waits');
    return null;
  };
  const self = await deps.botIdentityFor(channel.workspaceId);
  if (!self) return waitAll('could not learn the bot\'s own Slack ids');
  const { found, gap } = await findPostedAlerts(slack, channel.channelId, unconfirmed, self);
  if (gap?.passes) return waitAll(`channel history unreadable: ${'error' in gap.failure ? gap.failure.error : gap.failure.kind}`);
  if (gap) logger.warn('Channel history cannot be read; unconfirmed alerts are posted again (at least once, never lost)', { error: gap.failure });
  for (const [id, ts] of found) await markSent(deps.db, [id], deps.owner, ts, deps.clock.now());
  // Posted by an earlier attempt that never learned it, so not counted then; when is unknown, so no lag.
  countPosted(deps.metrics, unconfirmed.filter((a) => found.has(a.id)), null);
  return new Set(found.keys());
}

/** Back-off after Slack failures in a row: 1 s, 2 s, 4 s... up to a minute, with jitter so channels do not retry in step. */
export function transientBackOffMs(failures: number): number {
  return withJitter(Math.min(60_000, 1000 * 2 ** Math.min(failures - 1, 16)));
}

/** A refused token is fixed by a person (a new SLACK_BOT_TOKEN, a reinstall): 30 s, then up to 5 minutes. */
export function tokenBackOffMs(failures: number): number {
  return withJitter(Math.min(5 * 60_000, 30_000 * 2 ** Math.min(failures - 1, 16)));
}

const withJitter = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

async function waitForSlack(deps: DeliveryDeps, channel: ClaimedChannel, error: string, delayMs: (failures: number) => number, logger: Logger, message: string): Promise<void> {
  const delay = await backOffChannel(deps.db, channel, error, deps.clock.now(), delayMs);
  logger.warn(message, { error, retryInMs: delay });
}

async function sent(deps: DeliveryDeps, channel: ClaimedChannel, alerts: OutboxAlert[], ts: string): Promise<void> {
  const now = deps.clock.now();
  await markSent(deps.db, alerts.map((a) => a.id), deps.owner, ts, now);
  countPosted(deps.metrics, alerts, now);
  await recordPost(deps.db, channel, now);
}

/** not_in_channel: a public channel can be joined (channels:join); a private one needs an /invite. */
export async function joinIfPublic(slack: AlertSlack, channelId: string, logger: Logger): Promise<boolean> {
  try {
    const info = await slack.conversations.info({ channel: channelId });
    if (info.channel?.is_private || info.channel?.is_archived) return false;
    await slack.conversations.join({ channel: channelId });
    logger.info('Joined the public alerts channel');
    return true;
  } catch (error) {
    logger.warn('Could not join the alerts channel', { error });
    return false;
  }
}

async function pause(deps: DeliveryDeps, slack: AlertSlack, channel: ClaimedChannel, reason: PauseReason, logger: Logger): Promise<void> {
  const now = deps.clock.now();
  const first = await pauseChannel(deps.db, channel, reason, now, new Date(now.getTime() + PAUSE_RETRY_MS));
  logger.warn('Alerts channel paused', { reason });
  if (!first) return;
  const notice = buildPauseNotice(channel.channelId, reason);
  await slack.chat
    .postMessage({ channel: channel.connectedByUserId, text: notice.text, blocks: notice.blocks })
    .catch((error: unknown) => logger.warn('Could not tell the admin that alerts are paused', { error }));
}
