import { classifySlackError, type SlackFailure } from '../slackApi/slackErrors.ts';
import { AppError } from '../errors.ts';
import type { DigestSlack } from './digestSlack.ts';
import type { DigestMessage } from './views/digestView.ts';
import type { Cadence } from './schedule.ts';

/** Every digest message carries this metadata, so a retry can tell whether Slack already has it. */
export const DIGEST_EVENT_TYPE = 'partnerbot_digest';

export type DigestKind = 'scheduled' | 'on_demand';

export interface PostDeps {
  slack: DigestSlack;
  sleep: (ms: number) => Promise<void>;
  /** Told before each wait for a 429's Retry-After (the scheduled digest renews its claim). */
  onRateLimited?: (retryAfterMs: number) => Promise<void>;
}

export type PostResult = { ok: true; ts: string } | { ok: false; failure: SlackFailure };

/** More 429s than this in a row give the digest back to the queue instead of waiting on. */
const MAX_RATE_LIMIT_WAITS = 8;

/**
 * The summary's metadata. `week_start` is the period's first local date whatever the cadence (the name
 * predates the daily and monthly summaries; messages already in channels carry it); a message without
 * `cadence` is a weekly one.
 */
export function digestMetadata(workspaceId: string, periodStart: string, kind: DigestKind, cadence: Cadence = 'weekly') {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: { workspace_id: workspaceId, week_start: periodStart, kind, cadence } };
}

/**
 * Joins the channel if the bot is not in it (public channels; a private one needs an /invite), then
 * posts the message. Membership is needed anyway for the chart upload that follows.
 */
export async function postDigestMessage(deps: PostDeps, channelId: string, message: DigestMessage, metadata: ReturnType<typeof digestMetadata>): Promise<PostResult> {
  try {
    await ensureMember(deps, channelId);
    const res = await rateLimited(deps, () =>
      deps.slack.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, metadata, unfurl_links: false, unfurl_media: false }),
    );
    return { ok: true, ts: res.ts ?? '' };
  } catch (error) {
    return { ok: false, failure: asFailure(error) };
  }
}

/** Uploads the chart PNG into the channel, right after the message. Returns the file id. */
export async function uploadDigestChart(deps: PostDeps, channelId: string, chart: { png: Buffer; filename: string; title: string }): Promise<PostResult & { fileId?: string }> {
  try {
    const res = await rateLimited(deps, () => deps.slack.filesUploadV2({ channel_id: channelId, file: chart.png, filename: chart.filename, title: chart.title }));
    const files = (res as { files?: Array<{ files?: Array<{ id?: string }> ; id?: string }> }).files ?? [];
    const fileId = files[0]?.files?.[0]?.id ?? files[0]?.id ?? '';
    return { ok: true, ts: '', fileId };
  } catch (error) {
    return { ok: false, failure: asFailure(error) };
  }
}

async function ensureMember(deps: PostDeps, channelId: string): Promise<void> {
  const info = await rateLimited(deps, () => deps.slack.conversations.info({ channel: channelId }));
  const channel = info.channel;
  if (channel?.is_archived) throw new DigestPostError({ kind: 'channel', error: 'is_archived' });
  if (channel?.is_member || channel?.is_im) return;
  if (channel?.is_private) throw new DigestPostError({ kind: 'channel', error: 'not_in_channel' });
  await rateLimited(deps, () => deps.slack.conversations.join({ channel: channelId }));
}

async function rateLimited<T>(deps: PostDeps, call: () => Promise<T>): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await call();
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind !== 'rate_limited' || waits >= MAX_RATE_LIMIT_WAITS) throw new DigestPostError(failure, { cause: error });
      await deps.onRateLimited?.(failure.retryAfterMs);
      await deps.sleep(failure.retryAfterMs);
    }
  }
}

/** Carries the classified failure out of the join-and-post steps to the PostResult. */
class DigestPostError extends AppError {
  constructor(
    readonly failure: SlackFailure,
    options?: { cause?: unknown },
  ) {
    super('digest_post_failed', `Slack refused the digest: ${'error' in failure ? failure.error : failure.kind}`, options);
    this.name = 'DigestPostError';
  }
}

function asFailure(error: unknown): SlackFailure {
  return error instanceof DigestPostError ? error.failure : classifySlackError(error);
}
