import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { setRetryAt } from '../storage/alertChannels.ts';
import { recordTokenFailure } from '../storage/slackTokenFailures.ts';
import type { Database } from '../storage/schema.ts';
import { classifySlackError } from '../slackApi/slackErrors.ts';
import { resumeChannel, retireUnroutedChannel, sweepPausedChannels } from './channelPause.ts';
import type { AlertSlack } from './slackClients.ts';

const RETRY_MS = 5 * 60_000;

export interface ProbeDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  slackFor: (workspaceId: string) => Promise<AlertSlack | null>;
}

/**
 * Paused channels, checked every 5 minutes (or at once after the bot joins a channel): when no routing
 * rule posts there any more the held alerts are given up (saying why); when the channel works again (the bot is a
 * member, or can join it because it is public) they are delivered, in order. Otherwise they wait, up
 * to 7 days.
 */
export async function probePausedChannels(deps: ProbeDeps): Promise<void> {
  const now = deps.clock.now();
  const { expired, due } = await sweepPausedChannels(deps.db, now);
  if (expired > 0) deps.logger.warn('Alerts not delivered within 7 days expired (alert_outbox.last_error says why)', { expired });
  for (const channel of due) {
    const logger = deps.logger.child({ teamId: channel.workspaceId, connectionId: channel.connectionId, channelId: channel.channelId });
    if (!channel.routed) {
      const given = await retireUnroutedChannel(deps.db, channel);
      logger.info('No routing rule posts in the paused channel any more: its held alerts are given up', { given });
      continue;
    }
    const slack = await deps.slackFor(channel.workspaceId);
    if (!slack) {
      await setRetryAt(deps.db, channel, new Date(now.getTime() + RETRY_MS));
      continue;
    }
    try {
      const info = await slack.conversations.info({ channel: channel.channelId });
      const c = info.channel;
      let works = Boolean(c && !c.is_archived && c.is_member);
      if (c && !c.is_archived && !c.is_member && !c.is_private) {
        await slack.conversations.join({ channel: channel.channelId });
        works = true;
      }
      if (works) {
        const resumed = await resumeChannel(deps.db, channel, now);
        logger.info('Alerts channel works again: delivering held alerts', { resumed });
      } else {
        await setRetryAt(deps.db, channel, new Date(now.getTime() + RETRY_MS));
      }
    } catch (error) {
      const failure = classifySlackError(error);
      // A refused token is reported (Home, /healthz), never a reason to forget the workspace.
      if (failure.kind === 'token_refused') await recordTokenFailure(deps.db, channel.workspaceId, failure.error, now);
      await setRetryAt(deps.db, channel, new Date(now.getTime() + RETRY_MS));
    }
  }
}
