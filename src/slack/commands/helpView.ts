import type { KnownBlock } from '@slack/types';
import { fallbackText, merchantText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import { windowExamples } from '../../figures/figureArgs.ts';

export interface HelpEntry {
  usage: string;
  description: string;
}

export const HELP_ENTRIES: HelpEntry[] = [
  { usage: '/partner connect', description: 'Link this workspace to your Shopify Partner organization' },
  { usage: '/partner status', description: 'Connection state, import progress and last sync' },
  { usage: '/partner mrr [app]', description: 'MRR, ARR, paying merchants and ARPU, with the last 30 days of movements' },
  { usage: '/partner churn [window]', description: 'Churn rates, uninstalls and their reasons (default: last 30d)' },
  { usage: '/partner revenue [window]', description: 'Net and gross revenue by kind (default: this month)' },
  { usage: '/partner installs [window]', description: 'Installs, uninstalls and reinstalls per day (default: last 7d)' },
  { usage: '/partner shop [domain | id | name]', description: 'A merchant: install state, plan, revenue, last events and uninstall reasons per app' },
  { usage: '/partner alerts', description: 'Alert routing rules: which alerts go to which channel' },
  { usage: '/partner alerts add &lt;what&gt; [for &lt;app&gt;] to #channel [paying] [min &lt;amount&gt;] [mention &lt;who&gt;]', description: 'Add a rule (admins; `/partner alerts kinds` lists the kinds)' },
  { usage: '/partner alerts remove &lt;N&gt;', description: 'Remove rule N (admins)' },
  { usage: '/partner alerts test #channel', description: 'Post a sample alert there, marked as a test (admins)' },
  { usage: '/partner digest now', description: 'Post the weekly revenue digest now' },
  { usage: '/partner disconnect', description: 'Unlink the organization (history is kept)' },
  { usage: '/partner help', description: 'This list' },
];

/** The command list; `unknown` is what the user typed when it was not a command. */
export function buildHelpMessage(unknown?: string): { text: string; blocks: KnownBlock[] } {
  // What the user typed is quoted back, so it is escaped and kept short (a slash command may carry 4,000 characters).
  const typed = unknown ? merchantText(unknown, 200) : null;
  const intro = typed ? `\`${typed}\` is not a partnerbot command. Here is what I can do:` : 'Here is what I can do:';
  const lines = HELP_ENTRIES.map((e) => `\`${e.usage}\` — ${e.description}`).join('\n');
  return {
    text: fallbackText(`${typed ? `"${typed}" is not a partnerbot command. ` : ''}Commands: ${HELP_ENTRIES.map((e) => e.usage).join(', ')}`),
    blocks: [
      { type: 'section', text: mrkdwn(intro) },
      { type: 'section', text: mrkdwn(lines) },
      {
        type: 'context',
        elements: [
          mrkdwn(`Windows: ${windowExamples(' · ')}`),
          mrkdwn('Add an app name or id to filter, e.g. `/partner mrr Upsell`. End with `public` to post in the channel; `mrr`, `revenue` and `installs` ending with `chart` also post a chart (in the channel, or to you by DM).'),
        ],
      },
    ],
  };
}
