import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import { enterChannel } from '../../slackApi/channelEntry.ts';
import { channelLink, merchantText } from '../../slackApi/mrkdwn.ts';

export type ChannelCheck = { ok: true; channelId: string; joined: boolean } | { ok: false; message: string };

type Conversations = Pick<WebClient, 'conversations'>;

/** conversations.list pages read at most to find a `#name` (1,000 channels a page): a bound, not a crawl. */
const MAX_LIST_PAGES = 10;

const slackError = (error: unknown): string => (error as { data?: { error?: string } }).data?.error ?? 'unknown';
const inviteFirst = (channel: string) => `/invite @partnerbot to ${channel} first`;

/**
 * The id of a channel typed as `#name` (Slack sends names unescaped unless the command escapes them).
 * Only channels the bot can see are listed: public ones, and private ones it is in.
 */
export async function findChannelByName(client: Conversations, name: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const answer = await client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
    const found = answer.channels?.find((c) => c.name === name);
    if (found?.id) return found.id;
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}

/** Resolves a typed channel to its id, with a message that says what to do when it cannot. */
export async function resolveChannel(client: Conversations, ref: { id: string } | { name: string }, logger: Logger): Promise<{ ok: true; channelId: string } | { ok: false; message: string }> {
  if ('id' in ref) return { ok: true, channelId: ref.id };
  try {
    const id = await findChannelByName(client, ref.name);
    if (id) return { ok: true, channelId: id };
  } catch (error) {
    logger.warn('Could not list channels to find one by name', { slackError: slackError(error) });
  }
  const shown = `#${merchantText(ref.name, 80)}`;
  return { ok: false, message: `I could not find a channel called ${shown}. If it is private, ${inviteFirst(shown)}; otherwise check the name, or pick the channel from Slack's list after typing \`#\`.` };
}

/**
 * A rule's channel must be one partnerbot can post in: a public channel is joined now (so a rule
 * never waits on a join later); a private one it is not in is refused, since a bot cannot join it.
 */
export async function ensureRouteChannel(client: Conversations, channelId: string, logger: Logger): Promise<ChannelCheck> {
  const channel = channelLink(channelId);
  const entry = await enterChannel(client, channelId);
  if (entry.ok) return { ok: true, channelId, joined: entry.joined };
  if (entry.reason !== 'private') logger.warn('Could not check a routing rule channel', { channelId, slackError: entry.reason === 'failed' ? entry.code : entry.reason });
  switch (entry.reason) {
    case 'archived':
      return { ok: false, message: `${channel} is archived: choose another channel.` };
    case 'private':
      return { ok: false, message: `${channel} is a private channel partnerbot is not in: ${inviteFirst(channel)}.` };
    case 'not_found':
      return { ok: false, message: `partnerbot cannot see ${channel}. If it is private, ${inviteFirst(channel)}.` };
    case 'failed':
      return { ok: false, message: `partnerbot could not join ${channel} (Slack said ${merchantText(entry.code, 60)}). ${inviteFirst(channel)}, then try again.` };
  }
}

/**
 * A channel check's message as a modal's inline error, which is plain text: the channel mention
 * `<#C1>` would show raw, so it becomes "that channel".
 */
export function asInlineError(message: string): string {
  return message.replace(/<#[A-Z0-9]+>/g, 'that channel').replace(/`/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').slice(0, 1000);
}
