import type { Logger } from '../logger.ts';
import { DIGEST_EVENT_TYPE } from './postDigest.ts';
import type { DigestSlack } from './digestSlack.ts';

const MAX_PAGES = 10;

/**
 * Looks in the channel's history, from `since`, for the scheduled digest of this workspace and week
 * (its message metadata): found means Slack accepted it and only our "sent" commit was lost. Returns
 * its ts, or null when it is not there or history cannot be read (then the digest is posted again:
 * at least once rather than never).
 */
export async function findPostedDigest(
  slack: DigestSlack,
  channelId: string,
  digest: { workspaceId: string; weekStart: string; since: Date },
  logger: Logger,
): Promise<string | null> {
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
        if (metadata?.event_type !== DIGEST_EVENT_TYPE || !message.ts || !payload) continue;
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
