import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';

export type ChannelAccess = { canPost: true } | { canPost: false; note: string };

function slackError(error: unknown): string {
  return (error as { data?: { error?: string } }).data?.error ?? 'unknown';
}

/**
 * Makes sure the bot can post in a channel: it joins a public one (chat:write.public would post,
 * but chart uploads need membership); a private one it cannot join, so the admin is asked to
 * /invite it.
 */
export async function ensureChannelAccess(client: Pick<WebClient, 'conversations'>, channelId: string, logger: Logger): Promise<ChannelAccess> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    const channel = info.channel;
    if (channel?.is_archived) return { canPost: false, note: `<#${channelId}> is archived. Choose another channel in Edit settings.` };
    if (channel?.is_member) return { canPost: true };
    if (channel?.is_private) {
      return { canPost: false, note: `partnerbot is not in the private channel <#${channelId}> yet: type \`/invite @partnerbot\` there, or alerts cannot be posted.` };
    }
    await client.conversations.join({ channel: channelId });
    return { canPost: true };
  } catch (error) {
    const code = slackError(error);
    logger.warn('Could not make sure the bot can post in a channel', { channelId, slackError: code });
    if (code === 'channel_not_found') {
      return { canPost: false, note: `partnerbot cannot see <#${channelId}>. If it is private, type \`/invite @partnerbot\` there.` };
    }
    if (code === 'is_archived') return { canPost: false, note: `<#${channelId}> is archived. Choose another channel in Edit settings.` };
    return { canPost: false, note: `partnerbot could not join <#${channelId}> (${code}). Type \`/invite @partnerbot\` there.` };
  }
}
