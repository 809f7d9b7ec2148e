import type { WebClient } from '@slack/web-api';

/**
 * Whether the bot can post (and upload) in a channel, after joining it when it may: a public channel
 * is joined (channels:join), a private one cannot be, an archived one takes nothing. Slack answers
 * channel_not_found for a private channel the bot is not in, too. Callers word the outcome for their
 * user; `code` is Slack's error for 'failed'.
 */
export type ChannelEntry =
  | { ok: true; joined: boolean }
  | { ok: false; reason: 'archived' | 'private' | 'not_found' }
  | { ok: false; reason: 'failed'; code: string };

export async function enterChannel(client: { conversations: Pick<WebClient['conversations'], 'info' | 'join'> }, channelId: string): Promise<ChannelEntry> {
  try {
    const channel = (await client.conversations.info({ channel: channelId })).channel;
    if (channel?.is_archived) return { ok: false, reason: 'archived' };
    if (channel?.is_member || channel?.is_im) return { ok: true, joined: false };
    if (channel?.is_private || channel?.is_group || channel?.is_mpim) return { ok: false, reason: 'private' };
    await client.conversations.join({ channel: channelId });
    return { ok: true, joined: true };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? 'unknown';
    if (code === 'channel_not_found') return { ok: false, reason: 'not_found' };
    if (code === 'is_archived') return { ok: false, reason: 'archived' };
    return { ok: false, reason: 'failed', code };
  }
}
