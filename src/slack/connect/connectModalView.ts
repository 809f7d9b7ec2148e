import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { WEEKDAYS } from '../../digest/schedule.ts';
import { channelLink, merchantText, mrkdwn, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { plainLine, plainValue, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import { ACTION, CONNECT_CALLBACK_ID, encodeMetadata, FIELD, type ConnectMode, type FieldErrors, type FieldKey, type FormValues } from './connectForm.ts';

const plain = (text: string, max: number = PLAIN_LIMITS.label) => ({ type: 'plain_text' as const, text: plainLine(text, max) || '…' });
const title = (text: string) => plain(text, PLAIN_LIMITS.modalTitle);
/** An error is said under its field in one context element (2,000 characters); it may quote what was typed. */
const ERROR_MAX = 1500;

const dayOption = (day: number): PlainTextOption => ({ text: plain(WEEKDAYS[day - 1] ?? String(day), PLAIN_LIMITS.option), value: String(day) });
const hourOption = (hour: number): PlainTextOption => ({ text: plain(`${String(hour).padStart(2, '0')}:00`, PLAIN_LIMITS.option), value: String(hour) });

export interface ConnectModalInput {
  mode: ConnectMode;
  values: FormValues;
  /** Problems found by the credential check, shown right under their field (views.update has no `errors`). */
  errors?: FieldErrors;
  /** Last 4 characters of the stored token, when editing. */
  tokenHint?: string | null;
}

/**
 * The connect / edit-settings modal. Every typed value comes back through initial_* except the
 * token: Block Kit has no masked input, so a token is never put into a view.
 */
export function buildConnectModal(input: ConnectModalInput): View {
  const { mode, values, errors = {} } = input;
  const blocks: KnownBlock[] = [];
  const errorUnder = (field: FieldKey) => {
    const message = errors[field];
    if (message) blocks.push({ type: 'context', block_id: `${FIELD[field]}_error`, elements: [mrkdwn(`:warning: *${merchantText(message, ERROR_MAX)}*`)] });
  };
  if (errors.general) blocks.push({ type: 'section', block_id: 'general_error', text: mrkdwn(`:warning: ${merchantText(errors.general, ERROR_MAX)}`) });
  blocks.push({
    type: 'section',
    text: mrkdwn(
      mode === 'edit'
        ? 'Change what partnerbot tracks and where it posts. Imported history is kept.'
        : 'Link this workspace to your Shopify Partner organization. Create a Partner API client with *Manage apps* and *View financials* in the Partner Dashboard (Settings → Partner API clients) and paste its token below.',
    ),
  });
  blocks.push({
    type: 'input', block_id: FIELD.org, label: plain('Organization ID'),
    hint: plain('The number after partners.shopify.com/ — or paste any Partner Dashboard URL.'),
    element: { type: 'plain_text_input', action_id: ACTION('org'), ...(values.org ? { initial_value: plainValue(values.org) } : {}), placeholder: plain('123456', PLAIN_LIMITS.placeholder) },
  });
  errorUnder('org');
  const keep = mode === 'edit' && input.tokenHint ? ` Leave empty to keep the current token (ending in …${plainLine(input.tokenHint, 4)}).` : '';
  blocks.push({
    type: 'input', block_id: FIELD.token, label: plain('Access token'), optional: mode === 'edit',
    hint: plain(`Stored encrypted; never shown again.${keep}`),
    element: { type: 'plain_text_input', action_id: ACTION('token'), placeholder: plain('prtapi_…', PLAIN_LIMITS.placeholder) },
  });
  errorUnder('token');
  blocks.push({
    type: 'input', block_id: FIELD.apps, label: plain('App IDs'),
    hint: plain('One per line: 789012, gid://partners/App/789012 or the app’s Partner Dashboard URL.'),
    element: { type: 'plain_text_input', action_id: ACTION('apps'), multiline: true, ...(values.apps ? { initial_value: plainValue(values.apps) } : {}) },
  });
  errorUnder('apps');
  blocks.push({
    type: 'input', block_id: FIELD.alertsChannel, label: plain('Alerts channel'),
    hint: plain('Installs, uninstalls and charges are posted here. For a private channel, /invite @partnerbot first.'),
    element: {
      type: 'conversations_select', action_id: ACTION('alertsChannel'), filter: { include: ['public', 'private'], exclude_bot_users: true },
      ...(values.alertsChannelId ? { initial_conversation: values.alertsChannelId } : {}),
    },
  });
  errorUnder('alertsChannel');
  blocks.push({
    type: 'input', block_id: FIELD.digestChannel, label: plain('Digest channel'), optional: true,
    hint: plain('Where the weekly revenue digest goes. Leave empty for no digest.'),
    element: {
      type: 'conversations_select', action_id: ACTION('digestChannel'), filter: { include: ['public', 'private'], exclude_bot_users: true },
      ...(values.digestChannelId ? { initial_conversation: values.digestChannelId } : {}),
    },
  });
  errorUnder('digestChannel');
  blocks.push({
    type: 'input', block_id: FIELD.digestDay, label: plain('Digest day'),
    element: { type: 'static_select', action_id: ACTION('digestDay'), options: [1, 2, 3, 4, 5, 6, 7].map(dayOption), initial_option: dayOption(values.digestWeekday) },
  });
  blocks.push({
    type: 'input', block_id: FIELD.digestHour, label: plain('Digest hour'),
    element: { type: 'static_select', action_id: ACTION('digestHour'), options: Array.from({ length: 24 }, (_, h) => hourOption(h)), initial_option: hourOption(values.digestHour) },
  });
  blocks.push({
    type: 'input', block_id: FIELD.timeZone, label: plain('Workspace time zone'),
    hint: plain('An IANA time zone such as Europe/Berlin, America/New_York or UTC. Digest times and day boundaries use it.'),
    element: { type: 'plain_text_input', action_id: ACTION('timeZone'), ...(values.timeZone ? { initial_value: plainValue(values.timeZone) } : {}) },
  });
  errorUnder('timeZone');
  return {
    type: 'modal',
    callback_id: CONNECT_CALLBACK_ID,
    private_metadata: encodeMetadata(mode),
    title: title(mode === 'edit' ? 'Partner settings' : 'Connect Shopify Partner'),
    submit: title(mode === 'edit' ? 'Save' : 'Connect'),
    close: title('Cancel'),
    blocks,
  };
}

/** Shown while the Partner API is asked; same callback and metadata, no inputs. */
export function buildCheckingView(mode: ConnectMode): View {
  return {
    type: 'modal',
    callback_id: CONNECT_CALLBACK_ID,
    private_metadata: encodeMetadata(mode),
    title: title(mode === 'edit' ? 'Partner settings' : 'Connect Shopify Partner'),
    close: title('Close'),
    blocks: [{ type: 'section', text: mrkdwn(':hourglass_flowing_sand: Checking the token and apps with the Shopify Partner API…') }],
  };
}

export interface ConnectedSummary {
  mode: ConnectMode;
  organizationId: string;
  apps: { appId: string; name: string }[];
  alertsChannelId: string;
  /** Things the admin still has to do or know (e.g. /invite in a private channel). */
  notes: string[];
}

export function buildConnectedView(summary: ConnectedSummary): View {
  const appLines = mrkdwnList(
    summary.apps.map((a) => `• ${merchantText(a.name || `App ${a.appId}`, 100)} (${merchantText(a.appId, 40)})`),
    2800,
    { separator: '\n' },
  );
  const intro = summary.mode === 'edit' ? ':white_check_mark: Settings saved.' : `:white_check_mark: Connected to Partner organization ${merchantText(summary.organizationId, 40)}.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`${intro}\n*Apps*\n${appLines}`) },
    { type: 'section', text: mrkdwn(`Alerts go to ${channelLink(summary.alertsChannelId)}. History is importing now; follow it on the partnerbot Home tab or with \`/partner status\`.`) },
  ];
  // Notes are partnerbot's own mrkdwn (channel links), one per channel set: a handful at most.
  for (const note of summary.notes.slice(0, 10)) blocks.push({ type: 'section', text: mrkdwn(`:information_source: ${note}`) });
  return { type: 'modal', title: title('partnerbot'), close: title('Done'), blocks };
}

/** A read-only modal with one message: not allowed, or a failure on our side. */
export function buildMessageView(heading: string, message: string): View {
  return { type: 'modal', title: title(heading), close: title('Close'), blocks: [{ type: 'section', text: mrkdwn(message) }] };
}
