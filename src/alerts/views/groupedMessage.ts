import type { KnownBlock } from '@slack/types';
import type { AlertView } from '../alertView.ts';
import { alertSummaryLine, alertTitle, type AlertMessage } from './alertMessage.ts';

/** Lines listed one by one in a grouped message; the rest are counted. Keeps the section < 3000 chars. */
const LISTED = 12;

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
  const listed = views.slice(0, LISTED).map((view) => `• ${truncate(alertSummaryLine(view), 220)}${view.test ? ' [TEST]' : ''}`);
  const more = views.length - listed.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${views.length} new events`, emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(tally, 2900) } },
    { type: 'section', text: { type: 'mrkdwn', text: listed.join('\n') + (more > 0 ? `\n…and ${more} more` : '') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Grouped into one message so the channel is not flooded.' }] },
  ];
  return { text: `${views.length} new events: ${tally}`, blocks };
}

// Cuts at a character boundary and never inside an escape (&amp;) or a <...> token.
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  let cut = chars.slice(0, max - 1).join('');
  cut = cut.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  return `${cut}…`;
}
