import type { Logger } from '../logger.ts';
import { postedBy, type BotIdentity } from '../slackApi/botIdentity.ts';
import { DIGEST_EVENT_TYPE } from './postDigest.ts';
import type { DigestSlack } from './digestSlack.ts';

const MAX_PAGES = 10;

/**
 * Looks in the channel's history, from `since`, for the scheduled digest of this workspace and week
 * (its message metadata) that we (`self`) posted: found means Slack accepted it and only our "sent"
 * commit was lost. Anyone can put our metadata on a message, so only our own bot's or app's messages
 * count. Returns its ts, or null when it is not there, history cannot be read or we do not know who
 * we are (then the digest is posted again: at least once rather than never).
 */
export async function findPostedDigest(
  slack: DigestSlack,
  channelId: string,
  digest: { workspaceId: string; weekStart: string; since: Date },
  self: BotIdentity | null,
  logger: Logger,
): Promise<string | null> {
  if (!self) {
    logger.warn('Could not learn the bot\'s own Slack ids to confirm an earlier digest; posting it again', { channelId });
    return null;
  }
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await slack.conversations.history({
        channel: channelId,
        oldest: (digest.since.getTime() / 1000 - 60).toFixed(6),
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
      for (const message of res.messages ?? []) {
        const metadata = message.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
        const payload = metadata?.event_payload;
        if (metadata?.event_type !== DIGEST_EVENT_TYPE || !message.ts || !payload || !postedBy(self, message)) continue;
        if (payload.kind === 'scheduled' && payload.workspace_id === digest.workspaceId && payload.week_start === digest.weekStart) return message.ts;
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
  } catch (error) {
    logger.warn('Could not read channel history to confirm an earlier digest; posting it again', { channelId, error });
  }
  return null;
}
