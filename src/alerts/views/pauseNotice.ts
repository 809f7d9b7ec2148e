import type { KnownBlock } from '@slack/types';
import { channelLink, fallbackText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import type { AlertMessage } from './alertMessage.ts';

export type PauseReason = 'not_in_channel' | 'channel_not_found' | 'is_archived' | 'missing_scope';

const WHAT_TO_DO: Record<PauseReason, (channel: string) => string> = {
  not_in_channel: (c) => `I am not a member of ${c}, a private channel. Type \`/invite @partnerbot\` in ${c} and the held alerts will follow.`,
  channel_not_found: (c) => `I cannot find ${c} any more. Choose another alerts channel with \`/partner connect\`.`,
  is_archived: (c) => `${c} is archived. Unarchive it, or choose another alerts channel with \`/partner connect\`.`,
  missing_scope: () => 'The app lacks a permission it needs to post. Reinstall partnerbot to grant it.',
};

/** The DM to the connecting admin when a channel's alerts are paused. */
export function buildPauseNotice(channelId: string, reason: PauseReason): AlertMessage {
  const channel = channelLink(channelId);
  const body = `:pause_button: Alerts for ${channel} are paused. ${WHAT_TO_DO[reason](channel)} Held alerts are kept for 7 days and delivered in order once this is fixed.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(body) }];
  return { text: fallbackText(body), blocks };
}
