import type { WebClient } from '@slack/web-api';
import { postedBy, type BotIdentity } from './botIdentity.ts';
import { classifySlackError, type SlackFailure } from './slackErrors.ts';

const MAX_PAGES = 10;

export interface OwnMessage {
  ts: string;
  payload: Record<string, unknown>;
}

/**
 * Why a channel's history could not be read to the end, or null when it was. A failure Slack will
 * get over (a 5xx, a 429, a refused token) means "ask again later": resending now could post twice.
 * Anything else (the history scope is missing, the channel is gone) will not pass by waiting: the
 * caller then posts again, at least once rather than never.
 */
export type HistoryGap = { failure: SlackFailure; passes: boolean } | null;

/**
 * Walks a channel's history since `oldest` for messages we (`self`) posted with metadata of
 * `eventType`, handing each to `visit` until it answers true (found what it looks for). Anyone can
 * put our metadata on a message, so only our own bot's or app's messages count.
 */
export async function scanOwnMessages(
  slack: { conversations: Pick<WebClient['conversations'], 'history'> },
  channelId: string,
  query: { oldest: Date; eventType: string; self: BotIdentity },
  visit: (message: OwnMessage) => boolean,
): Promise<HistoryGap> {
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const res = await slack.conversations.history({
        channel: channelId,
        oldest: (query.oldest.getTime() / 1000).toFixed(6),
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
      for (const message of res.messages ?? []) {
        const metadata = message.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
        if (metadata?.event_type !== query.eventType || !metadata.event_payload || !message.ts || !postedBy(query.self, message)) continue;
        if (visit({ ts: message.ts, payload: metadata.event_payload })) return null;
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
    return null;
  } catch (error) {
    const failure = classifySlackError(error);
    return { failure, passes: failure.kind === 'transient' || failure.kind === 'rate_limited' || failure.kind === 'token_refused' };
  }
}
