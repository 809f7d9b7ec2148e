import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import { enterChannel } from '../../slackApi/channelEntry.ts';

export type ChannelAccess = { canPost: true } | { canPost: false; note: string };

/**
 * Makes sure the bot can post in a channel: it joins a public one (chat:write.public would post,
 * but chart uploads need membership); a private one it cannot join, so the admin is asked to
 * /invite it.
 */
export async function ensureChannelAccess(client: Pick<WebClient, 'conversations'>, channelId: string, logger: Logger): Promise<ChannelAccess> {
  const entry = await enterChannel(client, channelId);
  if (entry.ok) return { canPost: true };
  switch (entry.reason) {
    case 'archived':
      return { canPost: false, note: `<#${channelId}> is archived. Choose another channel in Edit settings.` };
    case 'private':
      return { canPost: false, note: `partnerbot is not in the private channel <#${channelId}> yet: type \`/invite @partnerbot\` there, or alerts cannot be posted.` };
    case 'not_found':
      logger.warn('Could not make sure the bot can post in a channel', { channelId, slackError: 'channel_not_found' });
      return { canPost: false, note: `partnerbot cannot see <#${channelId}>. If it is private, type \`/invite @partnerbot\` there.` };
    case 'failed':
      logger.warn('Could not make sure the bot can post in a channel', { channelId, slackError: entry.code });
      return { canPost: false, note: `partnerbot could not join <#${channelId}> (${entry.code}). Type \`/invite @partnerbot\` there.` };
  }
}
