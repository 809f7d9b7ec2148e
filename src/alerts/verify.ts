import type { Logger } from '../logger.ts';
import { postedBy, type BotIdentity } from '../slackApi/botIdentity.ts';
import type { OutboxAlert } from '../storage/alertOutbox/claim.ts';
import type { AlertSlack } from './slackClients.ts';

/** Every alert message carries this metadata, so a restart can tell what Slack already has. */
export const ALERT_EVENT_TYPE = 'partnerbot_alert';

export function alertMetadata(ids: number[]) {
  return { event_type: ALERT_EVENT_TYPE, event_payload: { outbox_id: ids[0]!, outbox_ids: ids.join(',') } };
}

const MAX_PAGES = 10;

/**
 * For alerts claimed before and never confirmed (the process died, or a post timed out), looks in
 * the channel's history for a message we (`self`) posted carrying their outbox id: found means Slack
 * accepted it and only our commit was lost. Anyone can put our metadata on a message, so only our own
 * bot's or app's messages count. Returns outbox id -> ts. When history cannot be read (missing scope)
 * or we do not know who we are, returns what it found so far: those alerts are posted again (at least
 * once, never lost).
 */
export async function findPostedAlerts(slack: AlertSlack, channelId: string, alerts: OutboxAlert[], self: BotIdentity | null, logger: Logger): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const wanted = new Set(alerts.map((a) => a.id));
  if (wanted.size === 0) return found;
  if (!self) {
    logger.warn('Could not learn the bot\'s own Slack ids to confirm earlier posts; unconfirmed alerts will be posted again', { channelId });
    return found;
  }
  const oldest = Math.min(...alerts.map((a) => Date.parse(a.createdAt))) / 1000 - 60;
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES && found.size < wanted.size; page += 1) {
      const res = await slack.conversations.history({ channel: channelId, oldest: oldest.toFixed(6), limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
      for (const message of res.messages ?? []) {
        const metadata = message.metadata as { event_type?: string; event_payload?: { outbox_ids?: unknown } } | undefined;
        if (metadata?.event_type !== ALERT_EVENT_TYPE || !message.ts || !postedBy(self, message)) continue;
        for (const id of String(metadata.event_payload?.outbox_ids ?? '').split(',')) {
          if (wanted.has(Number(id))) found.set(Number(id), message.ts);
        }
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
  } catch (error) {
    logger.warn('Could not read channel history to confirm earlier posts; unconfirmed alerts will be posted again', { channelId, error });
  }
  return found;
}
