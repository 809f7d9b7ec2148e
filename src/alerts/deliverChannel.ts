import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { recordPost, type ClaimedChannel } from '../storage/alertChannels.ts';
import { extendClaims, type OutboxAlert } from '../storage/alertOutbox/claim.ts';
import { markSent, markUnconfirmed, releaseAlerts, skipAlerts } from '../storage/alertOutbox/settle.ts';
import type { Database } from '../storage/schema.ts';
import type { BotIdentityFor } from '../slackApi/botIdentity.ts';
import { classifySlackError } from '../slackApi/slackErrors.ts';
import type { AlertMessage } from './views/alertMessage.ts';
import { buildPauseNotice, type PauseReason } from './views/pauseNotice.ts';
import { pauseChannel } from './channelPause.ts';
import { claimBatch } from './claimBatch.ts';
import { renderAlert, renderGrouped } from './render.ts';
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
  /** The workspace's token is dead (invalid_auth, token_revoked...): forget the installation. */
  onInstallationGone: (workspaceId: string) => Promise<void>;
  leaseMs: number;
  holdGraceMs: number;
  /** Gap between two messages in one channel (Slack: about one per second). */
  minGapMs: number;
  /** More due alerts than this for one channel become one grouped message. */
  groupAbove: number;
  batchLimit: number;
  sleep: (ms: number) => Promise<void>;
  stopped: () => boolean;
}

/** Attempts before an alert Slack keeps refusing (e.g. invalid_blocks) is given up. */
const MAX_ATTEMPTS = 5;
const PAUSE_RETRY_MS = 5 * 60_000;

type PostResult = { ok: true; ts: string } | { ok: false; stop: boolean };

/** Delivers a leased channel's due alerts in order, paced, until none is due or the channel stops working. */
export async function deliverChannel(deps: DeliveryDeps, channel: ClaimedChannel): Promise<void> {
  const logger = deps.logger.child({ teamId: channel.workspaceId, connectionId: channel.connectionId, channelId: channel.channelId });
  const slack = await deps.slackFor(channel.workspaceId);
  if (!slack) {
    logger.warn('No Slack token for the workspace; its alerts wait');
    return;
  }
  let lastPostMs = channel.lastPostAt ? Date.parse(channel.lastPostAt) : 0;
  let joinTried = false;

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
          case 'installation_gone':
            logger.warn('Slack token no longer works; forgetting the installation', { error: failure.error });
            await releaseAlerts(deps.db, ids, deps.owner, failure.error, deps.clock.now());
            await deps.onInstallationGone(channel.workspaceId);
            return { ok: false, stop: true };
          case 'rejected': {
            const spent = alerts.filter((a) => a.attempts + 1 >= MAX_ATTEMPTS).map((a) => a.id);
            logger.warn('Slack refused an alert', { error: failure.error, outboxIds: ids, givingUp: spent });
            await skipAlerts(deps.db, spent, `Slack refused it ${MAX_ATTEMPTS} times: ${failure.error}`);
            const retry = ids.filter((id) => !spent.includes(id));
            await releaseAlerts(deps.db, retry, deps.owner, failure.error, new Date(deps.clock.now().getTime() + 30_000 * Math.max(1, alerts[0]!.attempts)));
            return { ok: false, stop: false };
          }
          case 'unknown':
            logger.warn('Slack did not answer clearly; the alert will be checked against channel history before any resend', { error: failure.error });
            await markUnconfirmed(deps.db, ids, deps.owner, failure.error, deps.clock.now());
            return { ok: false, stop: true };
        }
      }
    }
  };

  while (!deps.stopped()) {
    const batch = await claimBatch(deps.db, channel, { owner: deps.owner, now: deps.clock.now(), leaseMs: deps.leaseMs, limit: deps.batchLimit, holdGraceMs: deps.holdGraceMs });
    if (!batch || batch.length === 0) return;
    const unconfirmed = batch.filter((a) => a.unconfirmed);
    const self = unconfirmed.length > 0 ? await deps.botIdentityFor(channel.workspaceId) : null;
    const posted = await findPostedAlerts(slack, channel.channelId, unconfirmed, self, logger);
    for (const [id, ts] of posted) await markSent(deps.db, [id], deps.owner, ts, deps.clock.now());
    const todo = batch.filter((a) => !posted.has(a.id));

    if (todo.length > deps.groupAbove) {
      const result = await post(await renderGrouped(deps.db, channel.connectionId, todo), todo);
      if (result.ok) await sent(deps, channel, todo, result.ts);
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
      const result = await post(message, [alert]);
      if (result.ok) await sent(deps, channel, [alert], result.ts);
      else if (result.stop) {
        await releaseAlerts(deps.db, todo.slice(i + 1).map((a) => a.id), deps.owner, null, deps.clock.now());
        return;
      }
    }
  }
}

async function sent(deps: DeliveryDeps, channel: ClaimedChannel, alerts: OutboxAlert[], ts: string): Promise<void> {
  const now = deps.clock.now();
  await markSent(deps.db, alerts.map((a) => a.id), deps.owner, ts, now);
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
