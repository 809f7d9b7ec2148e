import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { CADENCES, WEEKDAYS, type Cadence } from '../../digest/schedule.ts';
import type { DigestTarget, SummaryChange } from '../../storage/digestTargets.ts';
import { merchantText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import { plain, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import type { ViewStateValues } from '../../slackApi/viewState.ts';
import { hourText, SUMMARY_NAMES } from './summaryLine.ts';

export const SUMMARIES_MODAL_CALLBACK = 'summary_settings';
/** The action id inside every input block; the block id says which cadence and field. */
export const SUMMARY_ACTION = 'value';

export type SummaryField = 'on' | 'channel' | 'hour' | 'weekday' | 'skip';
export const summaryBlock = (cadence: Cadence, field: SummaryField) => `summary_${cadence}_${field}`;

/** Which connection the modal edits: a submission for another one (reconnected meanwhile) is refused. */
export interface SummariesModalMeta {
  connectionId: number;
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, PLAIN_LIMITS.option), value });
const HOUR_OPTIONS = Array.from({ length: 24 }, (_, h) => option(hourText(h), String(h)));
const WEEKDAY_OPTIONS = WEEKDAYS.map((day, i) => option(day, String(i + 1)));
const described = (text: string, description: string): PlainTextOption => ({ ...option(text, 'on'), description: plain(description, PLAIN_LIMITS.option) });
const ON_OPTION: Record<Cadence, PlainTextOption> = {
  daily: described('Post the daily summary', 'Yesterday in a few lines, no chart'),
  weekly: described('Post the weekly digest', 'The last Monday–Sunday week, with a 12-week chart'),
  monthly: described('Post the monthly summary', 'The last calendar month, on the 1st, with a 12-month chart'),
};
const SKIP_OPTION = option('Skip a day when nothing happened', 'skip');

const input = (blockId: string, label: string, element: Record<string, unknown>, hint?: string): KnownBlock =>
  ({
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, PLAIN_LIMITS.label),
    element: { action_id: SUMMARY_ACTION, ...element },
    ...(hint ? { hint: plain(hint, PLAIN_LIMITS.hint) } : {}),
  }) as KnownBlock;

/** The App Home's "Edit summaries" modal: each cadence on or off, with its channel and local hour. */
export function buildSummariesModal(meta: SummariesModalMeta, target: DigestTarget): View {
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(`Hours are in the workspace's time zone, ${merchantText(target.timeZone, 64)}. A channel left empty means the alerts channel (for daily and monthly: the weekly digest's channel, if it has one).`)] },
  ];
  for (const cadence of CADENCES) {
    const setting = target.summaries[cadence];
    blocks.push(
      { type: 'header', text: plain(SUMMARY_NAMES[cadence], PLAIN_LIMITS.header) },
      input(summaryBlock(cadence, 'on'), 'On or off', { type: 'checkboxes', options: [ON_OPTION[cadence]], ...(setting.on ? { initial_options: [ON_OPTION[cadence]] } : {}) }),
      input(summaryBlock(cadence, 'channel'), 'Channel', {
        type: 'conversations_select',
        filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true },
        // Only a real channel id: Slack refuses the whole view over a malformed one.
        ...(setting.ownChannelId && /^[A-Z0-9]{1,40}$/.test(setting.ownChannelId) ? { initial_conversation: setting.ownChannelId } : {}),
      }, 'A public channel is joined; for a private one, /invite @partnerbot there first.'),
    );
    if (cadence === 'weekly') {
      blocks.push(input(summaryBlock(cadence, 'weekday'), 'Day', { type: 'static_select', options: WEEKDAY_OPTIONS, initial_option: WEEKDAY_OPTIONS[(setting.weekday ?? 1) - 1] }));
    }
    blocks.push(input(summaryBlock(cadence, 'hour'), 'Hour', { type: 'static_select', options: HOUR_OPTIONS, initial_option: HOUR_OPTIONS[setting.hour] }));
    if (cadence === 'daily') {
      blocks.push(input(summaryBlock(cadence, 'skip'), 'Quiet days', { type: 'checkboxes', options: [SKIP_OPTION], ...(setting.skipEmpty ? { initial_options: [SKIP_OPTION] } : {}) }));
    }
  }
  return {
    type: 'modal',
    callback_id: SUMMARIES_MODAL_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: plain('Summaries', PLAIN_LIMITS.modalTitle),
    submit: plain('Save', PLAIN_LIMITS.modalTitle),
    close: plain('Cancel', PLAIN_LIMITS.modalTitle),
    blocks,
  };
}

export type SummariesFormValues = ViewStateValues;

/** What a submitted modal asks for, per cadence: a channel of null is the default (the alerts channel). */
export type SummariesForm = Record<Cadence, SummaryChange & { channelId: string | null }>;

/**
 * Reads a submitted modal. Anything missing or out of range (a crafted submission) keeps the
 * cadence's current value rather than failing. Pure.
 */
export function parseSummariesForm(values: SummariesFormValues, current: DigestTarget): SummariesForm {
  const get = (cadence: Cadence, field: SummaryField) => values[summaryBlock(cadence, field)]?.[SUMMARY_ACTION];
  const checked = (cadence: Cadence, field: SummaryField) => (get(cadence, field)?.selected_options ?? []).length > 0;
  const number = (cadence: Cadence, field: SummaryField, min: number, max: number, fallback: number) => {
    const n = Number(get(cadence, field)?.selected_option?.value);
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  };
  const form = {} as SummariesForm;
  for (const cadence of CADENCES) {
    const setting = current.summaries[cadence];
    const channel = get(cadence, 'channel')?.selected_conversation;
    form[cadence] = {
      on: checked(cadence, 'on'),
      channelId: channel && /^[A-Z0-9]{1,40}$/.test(channel) ? channel : null,
      hour: number(cadence, 'hour', 0, 23, setting.hour),
      ...(cadence === 'weekly' ? { weekday: number(cadence, 'weekday', 1, 7, setting.weekday ?? 1) } : {}),
      ...(cadence === 'daily' ? { skipEmpty: checked(cadence, 'skip') } : {}),
    };
  }
  return form;
}
