import type { WebClient } from '@slack/web-api';
import { plainLine } from './plainText.ts';
import { classifySlackError, type SlackFailure } from './slackErrors.ts';
import { enterChannel } from './channelEntry.ts';

/** The Web API calls a chart upload makes, so tests and callers depend on no more of the SDK. */
export interface ChartUploadSlack {
  conversations: Pick<WebClient['conversations'], 'info' | 'join' | 'open'>;
  filesUploadV2: WebClient['filesUploadV2'];
}

/** Where the chart went: the command's channel, or a DM with the user because the bot cannot post there. */
export type ChartDestination = { kind: 'channel'; channelId: string } | { kind: 'dm'; channelId: string };

export type ChartUploadResult = { ok: true; destination: ChartDestination } | { ok: false; failure: SlackFailure };

/**
 * Files are never ephemeral, so the chart goes where everyone there may see it: the command's channel
 * when the bot is in it or can join it (a public channel, with channels:join), else a DM with the
 * user who asked. Uploads with files.getUploadURLExternal + files.completeUploadExternal (filesUploadV2).
 */
export async function uploadChart(
  slack: ChartUploadSlack,
  asked: { channelId: string; userId: string },
  chart: { png: Buffer; filename: string; title: string },
): Promise<ChartUploadResult> {
  try {
    const destination = (await joinableChannel(slack, asked.channelId)) ?? { kind: 'dm', channelId: await openDm(slack, asked.userId) };
    await slack.filesUploadV2({ channel_id: destination.channelId, file: chart.png, filename: chart.filename, title: plainLine(chart.title, 250) });
    return { ok: true, destination };
  } catch (error) {
    return { ok: false, failure: classifySlackError(error) };
  }
}

/** The command's channel when the bot can post there; null when it cannot (private, archived, a DM between people). */
/** The command's channel when the bot is in it or may join it; else null (then a DM). */
async function joinableChannel(slack: ChartUploadSlack, channelId: string): Promise<ChartDestination | null> {
  return (await enterChannel(slack, channelId)).ok ? { kind: 'channel', channelId } : null;
}

async function openDm(slack: ChartUploadSlack, userId: string): Promise<string> {
  const opened = await slack.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw Object.assign(new Error('conversations.open returned no channel'), { code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } });
  return id;
}
