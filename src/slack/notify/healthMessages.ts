import type { KnownBlock } from '@slack/types';
import type { NoticeTarget } from '../../storage/healthNotices.ts';
import { fallbackText, merchantText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import { errorAdvice } from '../home/statusBlocks.ts';

type Message = { text: string; blocks: KnownBlock[] };

const REASON_MAX = 1500;

/** The DM to the admin when syncing stops: what happened and how to fix it. */
export function buildErrorNotice(target: NoticeTarget): Message {
  // The error text may quote the Partner API: escaped first, then cut, like any text from outside.
  const reason = merchantText(target.lastError ?? 'syncing failed repeatedly', REASON_MAX);
  const org = merchantText(target.organizationId, 40);
  const advice = errorAdvice(target.lastErrorCode);
  return {
    text: fallbackText(`partnerbot stopped syncing Shopify Partner organization ${org}: ${target.lastError ? reason : 'syncing failed'}. ${advice}`),
    blocks: [
      { type: 'section', text: mrkdwn(`:red_circle: *partnerbot stopped syncing Shopify Partner organization ${org}.*\n${reason}`) },
      { type: 'section', text: mrkdwn(`*What to do:* ${advice}`) },
      { type: 'context', elements: [mrkdwn('You get this because you connected partnerbot. You will hear once more when it recovers.')] },
    ],
  };
}

export function buildRecoveryNotice(target: NoticeTarget): Message {
  const text = `partnerbot is syncing Shopify Partner organization ${merchantText(target.organizationId, 40)} again. Nothing was lost: it catches up on what happened meanwhile.`;
  return { text: fallbackText(text), blocks: [{ type: 'section', text: mrkdwn(`:large_green_circle: ${text}`) }] };
}
