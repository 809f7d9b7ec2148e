import type { View } from '@slack/types';
import type { PartnerConnection, TrackedApp } from '../../domain/connection.ts';
import { escapeMrkdwn } from '../commands/helpView.ts';

export const CONNECT_BUTTON_ACTION = 'home_connect';

/** The App Home tab: what is connected and how it is doing, or how to connect. */
export function buildHomeView(connection: PartnerConnection | null, apps: TrackedApp[]): View {
  if (!connection) {
    return {
      type: 'home',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'partnerbot' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Not connected yet. Connect your Shopify Partner organization to get install, uninstall and revenue alerts, figures on demand and a weekly digest.',
          },
        },
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: CONNECT_BUTTON_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Connect' } }],
        },
      ],
    };
  }
  const appList = apps.length > 0 ? apps.map((a) => `${escapeMrkdwn(a.name)} (${a.appId})`).join(', ') : 'none';
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'partnerbot' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Organization*\n${escapeMrkdwn(connection.organizationId)}` },
          { type: 'mrkdwn', text: `*Apps*\n${appList}` },
          { type: 'mrkdwn', text: `*Alerts channel*\n${connection.alertsChannelId ? `<#${connection.alertsChannelId}>` : 'not set'}` },
          { type: 'mrkdwn', text: `*State*\n${connection.status === 'error' ? `Error: ${escapeMrkdwn(connection.lastError ?? 'unknown')}` : 'Connected'}` },
        ],
      },
    ],
  };
}
