import type { KnownBlock } from '@slack/types';
import { CADENCES, type Cadence } from '../../digest/schedule.ts';
import type { DigestTarget } from '../../storage/digestTargets.ts';
import { mrkdwn } from '../../slackApi/mrkdwn.ts';
import { plain, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import { summaryLine } from '../summaries/summaryLine.ts';

export const EDIT_SUMMARIES_ACTION = 'summaries_edit';

/** What the Home tab's "Summaries" section shows: the settings, the last period sent of each, and when it was read. */
export interface SummariesState {
  target: DigestTarget;
  lastSent: ReadonlyMap<Cadence, { periodStart: string }>;
  now: Date;
}

/** The App Home's "Summaries" section: each cadence's state, as `/partner digest` says it, and Edit. */
export function summariesSection(state: SummariesState): KnownBlock[] {
  const lines = CADENCES.map((cadence) => summaryLine(state.target, cadence, state.now, state.lastSent.get(cadence)?.periodStart));
  return [
    { type: 'divider' },
    {
      type: 'section',
      block_id: 'summaries_header',
      text: mrkdwn('*Summaries*\nDaily, weekly and monthly revenue summaries, each in its own channel at its own hour.'),
      accessory: { type: 'button', action_id: EDIT_SUMMARIES_ACTION, text: plain('Edit summaries', PLAIN_LIMITS.button) },
    },
    { type: 'section', block_id: 'summaries_state', text: mrkdwn(lines.join('\n')) },
  ];
}
