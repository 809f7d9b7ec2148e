import type { KnownBlock, View } from '@slack/types';
import { ALERT_KIND_LABELS, ALERT_KINDS, isAlertKind, type AlertKind } from '../../alerts/kinds.ts';
import type { AlertSettings } from '../../domain/connection.ts';
import { channelLink, mrkdwn } from '../../slackApi/mrkdwn.ts';

export const ALERT_SETTINGS_CALLBACK = 'alert_settings';
export const OPEN_ALERT_SETTINGS_ACTION = 'open_alert_settings';

/** Checkbox groups hold at most 10 options: the kinds come in three groups. */
export const KIND_GROUPS: { blockId: string; label: string; kinds: AlertKind[] }[] = [
  { blockId: 'alert_kinds_shops', label: 'Installs and stores', kinds: ['install', 'uninstall', 'store_closed', 'store_reopened'] },
  {
    blockId: 'alert_kinds_billing',
    label: 'Billing',
    kinds: ['subscription_new', 'plan_change', 'subscription_canceled', 'subscription_frozen', 'subscription_unfrozen', 'one_time_charge', 'usage_cap', 'credit_applied'],
  },
  { blockId: 'alert_kinds_other', label: 'Other', kinds: ['other'] },
];
const KINDS_ACTION = 'kinds';
const TEST_BLOCK = 'alert_test_charges';
const TEST_ACTION = 'test_charges';

const option = (kind: AlertKind) => ({ text: { type: 'plain_text' as const, text: ALERT_KIND_LABELS[kind] }, value: kind });
const TEST_OPTIONS = [
  { text: { type: 'plain_text' as const, text: 'Post them, marked as tests' }, value: 'mark' },
  { text: { type: 'plain_text' as const, text: 'Leave them out' }, value: 'hide' },
];

/** The alert settings modal; private_metadata carries the connection id it edits. */
export function buildAlertSettingsModal(connectionId: number, channelId: string | null, settings: AlertSettings): View {
  const disabled = new Set(settings.disabledKinds ?? []);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(channelId ? `Choose which alerts partnerbot posts in ${channelLink(channelId)}.` : 'Choose which alerts partnerbot posts (no alerts channel is set yet).'),
    },
    ...KIND_GROUPS.map((group): KnownBlock => {
      const enabled = group.kinds.filter((k) => !disabled.has(k)).map(option);
      return {
        type: 'input',
        block_id: group.blockId,
        optional: true,
        label: { type: 'plain_text', text: group.label },
        element: { type: 'checkboxes', action_id: KINDS_ACTION, options: group.kinds.map(option), ...(enabled.length > 0 ? { initial_options: enabled } : {}) },
      };
    }),
    {
      type: 'input',
      block_id: TEST_BLOCK,
      label: { type: 'plain_text', text: 'Test charges' },
      element: { type: 'radio_buttons', action_id: TEST_ACTION, options: TEST_OPTIONS, initial_option: TEST_OPTIONS[settings.hideTestCharges ? 1 : 0]! },
    },
  ];
  return {
    type: 'modal',
    callback_id: ALERT_SETTINGS_CALLBACK,
    private_metadata: JSON.stringify({ connectionId }),
    title: { type: 'plain_text', text: 'Alert settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** A modal that only explains (not allowed, or nothing connected). */
export function buildNoticeModal(text: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Alert settings' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}

type StateValues = Record<string, Record<string, { selected_options?: { value: string }[] | null; selected_option?: { value: string } | null }>>;

/** Reads the submitted modal: the kinds left unticked are the disabled ones. */
export function parseAlertSettings(values: StateValues): AlertSettings {
  const enabled = new Set<string>();
  for (const group of KIND_GROUPS) {
    for (const selected of values[group.blockId]?.[KINDS_ACTION]?.selected_options ?? []) enabled.add(selected.value);
  }
  const disabledKinds = ALERT_KINDS.filter((k) => !enabled.has(k));
  const hideTestCharges = values[TEST_BLOCK]?.[TEST_ACTION]?.selected_option?.value === 'hide';
  return { disabledKinds: disabledKinds.filter(isAlertKind), hideTestCharges };
}
