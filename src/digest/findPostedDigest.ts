import type { BotIdentity } from '../slackApi/botIdentity.ts';
import { scanOwnMessages, type HistoryGap } from '../slackApi/ownMessages.ts';
import { DIGEST_EVENT_TYPE } from './postDigest.ts';
import type { DigestSlack } from './digestSlack.ts';
import type { Cadence } from './schedule.ts';

/**
 * Looks in the channel's history, from `since`, for the scheduled summary of this workspace, cadence and period
 * (its message metadata) that we (`self`) posted: found means Slack accepted it and only our "sent"
 * commit was lost. Returns its ts (or null), and why history could not be read to the end.
 */
export async function findPostedDigest(
  slack: DigestSlack,
  channelId: string,
  digest: { workspaceId: string; cadence: Cadence; periodStart: string; since: Date },
  self: BotIdentity,
): Promise<{ ts: string | null; gap: HistoryGap }> {
  let ts: string | null = null;
  const gap = await scanOwnMessages(slack, channelId, { oldest: new Date(digest.since.getTime() - 60_000), eventType: DIGEST_EVENT_TYPE, self }, (message) => {
    const { payload } = message;
    const cadence = payload.cadence ?? 'weekly';
    if (payload.kind === 'scheduled' && payload.workspace_id === digest.workspaceId && cadence === digest.cadence && payload.week_start === digest.periodStart) ts = message.ts;
    return ts !== null;
  });
  return { ts, gap };
}
