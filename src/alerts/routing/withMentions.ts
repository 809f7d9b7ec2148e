import type { AlertMessage } from '../views/alertMessage.ts';
import { fallbackText, mrkdwn } from '../../slackApi/mrkdwn.ts';

/** Slack's mention syntax for a user, a user group, @here or @channel: the only forms a rule's mention may take. */
const MENTION = /^<(?:@[UW][A-Z0-9]{1,40}|!subteam\^S[A-Z0-9]{1,40}|!here|!channel)>$/;

export function isMention(value: string): boolean {
  return MENTION.test(value);
}

/**
 * The alert with its rules' mentions in front, in the fallback text (what notifies) and as the first
 * block, so the people a rule names are notified. Anything stored that is not a mention is left out:
 * it would mention nobody and could carry markup into the channel.
 */
export function withMentions(message: AlertMessage, mentions: readonly string[]): AlertMessage {
  const valid = [...new Set(mentions.filter(isMention))];
  if (valid.length === 0) return message;
  const line = valid.join(' ');
  return { text: fallbackText(`${line} ${message.text}`), blocks: [{ type: 'section', text: mrkdwn(line) }, ...message.blocks] };
}

/** A grouped message notifies everyone any of its alerts' rules name, once each. */
export function unionOfMentions(alerts: readonly { mentions: readonly string[] }[]): string[] {
  return [...new Set(alerts.flatMap((a) => a.mentions))];
}
