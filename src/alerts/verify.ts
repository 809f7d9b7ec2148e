import type { BotIdentity } from '../slackApi/botIdentity.ts';
import { scanOwnMessages, type HistoryGap } from '../slackApi/ownMessages.ts';
import type { OutboxAlert } from '../storage/alertOutbox/claim.ts';
import type { AlertSlack } from './slackClients.ts';

/** Every alert message carries this metadata, so a restart can tell what Slack already has. */
export const ALERT_EVENT_TYPE = 'partnerbot_alert';

export function alertMetadata(ids: number[]) {
  return { event_type: ALERT_EVENT_TYPE, event_payload: { outbox_id: ids[0]!, outbox_ids: ids.join(',') } };
}

export interface PostedAlerts {
  /** outbox id -> ts of our message that carries it. */
  found: Map<number, string>;
  /** Why history could not be read to the end (see HistoryGap), or null. */
  gap: HistoryGap;
}

/**
 * For alerts claimed before and never confirmed (the process died, or Slack failed mid-post), looks in
 * the channel's history for a message we (`self`) posted carrying their outbox id: found means Slack
 * accepted it and only our commit was lost.
 */
export async function findPostedAlerts(slack: AlertSlack, channelId: string, alerts: OutboxAlert[], self: BotIdentity): Promise<PostedAlerts> {
  const found = new Map<number, string>();
  const wanted = new Set(alerts.map((a) => a.id));
  if (wanted.size === 0) return { found, gap: null };
  const oldest = new Date(Math.min(...alerts.map((a) => Date.parse(a.createdAt))) - 60_000);
  const gap = await scanOwnMessages(slack, channelId, { oldest, eventType: ALERT_EVENT_TYPE, self }, ({ ts, payload }) => {
    for (const id of String(payload.outbox_ids ?? '').split(',')) {
      if (wanted.has(Number(id))) found.set(Number(id), ts);
    }
    return found.size === wanted.size;
  });
  return { found, gap };
}
