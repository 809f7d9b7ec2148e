import type { KnownBlock } from '@slack/types';
import { fallbackText, merchantText, mrkdwn, userMention } from '../../slackApi/mrkdwn.ts';
import type { SlackFailure } from '../../slackApi/slackErrors.ts';
import type { FigureMessage } from './figureBlocks.ts';

/** What became of the chart a figure command asked for. */
export type ChartOutcome =
  | { kind: 'posted' }
  | { kind: 'dm'; userId: string }
  /** No chart was drawn; `reason` is mrkdwn (it may quote the user, escaped). */
  | { kind: 'none'; reason: string }
  | { kind: 'refused'; failure: SlackFailure };

/** Block Kit allows 50 blocks in a message: the chart line must fit after the answer. */
const MAX_BLOCKS = 50;

/** The answer with one more line that says where its chart went, or why there is none. */
export function withChartNote(message: FigureMessage, outcome: ChartOutcome): FigureMessage {
  const line = chartLine(outcome);
  const block: KnownBlock = { type: 'context', elements: [mrkdwn(line, 2000)] };
  const blocks = message.blocks.length < MAX_BLOCKS ? [...message.blocks, block] : [...message.blocks.slice(0, MAX_BLOCKS - 1), block];
  return { text: fallbackText(`${message.text}\n${line}`), blocks };
}

function chartLine(outcome: ChartOutcome): string {
  switch (outcome.kind) {
    case 'posted':
      return ':bar_chart: Chart posted in this channel.';
    case 'dm':
      return `:bar_chart: Chart sent to ${userMention(outcome.userId)} in a direct message: partnerbot cannot post files in this channel (invite it with \`/invite\` to get charts here).`;
    case 'none':
      return outcome.reason;
    case 'refused': {
      const f = outcome.failure;
      const next = f.kind === 'rate_limited' || f.kind === 'transient' ? 'Try again in a minute.' : 'An admin may need to reinstall partnerbot so it can upload files (files:write).';
      return `Could not post the chart: Slack refused the upload (\`${merchantText('error' in f ? f.error : f.kind, 80)}\`). ${next}`;
    }
  }
}
