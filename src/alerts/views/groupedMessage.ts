import type { KnownBlock } from '@slack/types';
import type { AlertView } from '../alertView.ts';
import { cutMrkdwn, fallbackText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import { plain, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import { alertSummaryLine, alertTitle, type AlertMessage } from './alertMessage.ts';

/** Lines listed one by one in a grouped message; the rest are counted. */
const LISTED = 12;
/** One listed alert; twelve of them and the count of the rest fit in a section's 3,000 characters. */
const LINE_MAX = 220;

/**
 * A burst (more than 20 alerts for one channel at once) as one message instead of a flood: counts
 * per kind, then the first alerts in order.
 */
export function buildGroupedMessage(views: readonly AlertView[]): AlertMessage {
  const counts = new Map<string, number>();
  for (const view of views) {
    const title = alertTitle(view.details);
    counts.set(title, (counts.get(title) ?? 0) + 1);
  }
  const tally = [...counts].map(([title, n]) => `${n} × ${title}`).join(' · ');
  const listed = views.slice(0, LISTED).map((view) => `• ${cutMrkdwn(alertSummaryLine(view), LINE_MAX)}${view.test ? ' [TEST]' : ''}`);
  const more = views.length - listed.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${views.length} new events`, PLAIN_LIMITS.header, { emoji: true }) },
    { type: 'section', text: mrkdwn(tally) },
    { type: 'section', text: mrkdwn(listed.join('\n') + (more > 0 ? `\n…and ${more} more` : '')) },
    { type: 'context', elements: [mrkdwn('Grouped into one message so the channel is not flooded.')] },
  ];
  return { text: fallbackText(`${views.length} new events: ${tally}`), blocks };
}
