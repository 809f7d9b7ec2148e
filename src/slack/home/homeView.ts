import type { KnownBlock, View } from '@slack/types';
import type { ConnectionSummary } from './connectionSummary.ts';
import { statusBlocks } from './statusBlocks.ts';
import { routingSection } from './routingSection.ts';
import { summariesSection } from './summariesSection.ts';
import { OPEN_ALERT_SETTINGS_ACTION } from '../alerts/settingsModal.ts';
import { mrkdwn } from '../../slackApi/mrkdwn.ts';
import { plainLine, PLAIN_LIMITS } from '../../slackApi/plainText.ts';

export const CONNECT_BUTTON_ACTION = 'home_connect';
export const EDIT_SETTINGS_ACTION = 'home_edit';
export const SYNC_NOW_ACTION = 'home_sync_now';
/** Registered by the alert-settings feature; the Home tab only places the button. */
export const DISCONNECT_ACTION = 'disconnect_confirm';

const plain = (text: string, max: number = PLAIN_LIMITS.button) => ({ type: 'plain_text' as const, text: plainLine(text, max) });

/**
 * The App Home tab: how the connection is doing and what can be done, or how to connect. A `notice`
 * (e.g. "Sync now can be used again in 20 seconds") answers the viewer's last button press: a Home
 * view is per user, so it is as private as an ephemeral message.
 */
export function buildHomeView(summary: ConnectionSummary | null, notice?: string): View {
  const header: KnownBlock = { type: 'header', text: plain('partnerbot', PLAIN_LIMITS.header) };
  const noticeBlocks: KnownBlock[] = notice ? [{ type: 'context', block_id: 'home_notice', elements: [mrkdwn(notice, 2000)] }] : [];
  if (!summary) {
    return {
      type: 'home',
      blocks: [
        header,
        ...noticeBlocks,
        {
          type: 'section',
          text: mrkdwn('Not connected yet. Connect your Shopify Partner organization to get install, uninstall and revenue alerts, figures on demand and daily, weekly and monthly summaries.'),
        },
        { type: 'actions', elements: [{ type: 'button', action_id: CONNECT_BUTTON_ACTION, style: 'primary', text: plain('Connect') }] },
      ],
    };
  }
  const { connection } = summary;
  return {
    type: 'home',
    blocks: [
      header,
      ...noticeBlocks,
      ...statusBlocks(summary),
      {
        type: 'actions',
        block_id: 'home_actions',
        elements: [
          { type: 'button', action_id: EDIT_SETTINGS_ACTION, text: plain('Edit settings') },
          { type: 'button', action_id: SYNC_NOW_ACTION, text: plain('Sync now') },
          { type: 'button', action_id: OPEN_ALERT_SETTINGS_ACTION, text: plain('Alert settings') },
          {
            type: 'button',
            action_id: DISCONNECT_ACTION,
            style: 'danger',
            value: String(connection.id),
            text: plain('Disconnect'),
            confirm: {
              title: plain('Disconnect?', PLAIN_LIMITS.confirmTitle),
              text: plain(
                `partnerbot deletes the token for organization ${plainLine(connection.organizationId, 40)} now and stops polling and alerts. Imported history is kept, so reconnecting later does not download it again.`,
                PLAIN_LIMITS.confirmText,
              ),
              confirm: plain('Disconnect', PLAIN_LIMITS.confirmButton),
              deny: plain('Cancel', PLAIN_LIMITS.confirmButton),
              style: 'danger',
            },
          },
        ],
      },
      { type: 'context', elements: [mrkdwn('Anyone can see this. Only workspace admins and the installer can change or disconnect it.')] },
      // Only when the summary carries the rules (the Home publisher loads them).
      ...(summary.routes ? routingSection(summary.routes, summary.apps) : []),
      ...(summary.summaries ? summariesSection(summary.summaries) : []),
    ],
  };
}
