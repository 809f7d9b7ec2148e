import type { KnownBlock } from '@slack/types';
import type { NoticeTarget } from '../../storage/healthNotices.ts';
import { escapeMrkdwn } from '../../slackApi/mrkdwn.ts';
import { errorAdvice } from '../home/statusBlocks.ts';

type Message = { text: string; blocks: KnownBlock[] };

/** The DM to the admin when syncing stops: what happened and how to fix it. */
export function buildErrorNotice(target: NoticeTarget): Message {
  const reason = escapeMrkdwn(target.lastError ?? 'syncing failed repeatedly').slice(0, 1500);
  const advice = errorAdvice(target.lastErrorCode);
  return {
    text: `partnerbot stopped syncing Shopify Partner organization ${target.organizationId}: ${target.lastError ?? 'syncing failed'}. ${advice}`.slice(0, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:red_circle: *partnerbot stopped syncing Shopify Partner organization ${target.organizationId}.*\n${reason}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*What to do:* ${advice}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'You get this because you connected partnerbot. You will hear once more when it recovers.' }] },
    ],
  };
}

export function buildRecoveryNotice(target: NoticeTarget): Message {
  const text = `partnerbot is syncing Shopify Partner organization ${target.organizationId} again. Nothing was lost: it catches up on what happened meanwhile.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:large_green_circle: ${text}` } }] };
}
