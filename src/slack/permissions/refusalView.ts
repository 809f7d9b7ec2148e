import type { View } from '@slack/types';
import { mrkdwn } from '../../slackApi/mrkdwn.ts';

/** The modal a refused button opens: the refusal alone, no form, nothing of the connection. */
export function buildRefusalModal(message: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Not allowed' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: mrkdwn(message) }],
  };
}
