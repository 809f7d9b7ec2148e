import type { KnownBlock } from '@slack/types';
import type { TrackedApp } from '../../domain/connection.ts';
import { escapeMrkdwn } from '../../slackApi/mrkdwn.ts';

/** The short note posted in the alerts channel once it is set up. */
export function buildConnectedMessage(organizationId: string, apps: TrackedApp[], userId: string): { text: string; blocks: KnownBlock[] } {
  const names = apps.map((a) => escapeMrkdwn(a.name || `App ${a.appId}`)).join(', ');
  const text = `partnerbot is connected to Shopify Partner organization ${organizationId}: alerts for ${names} will be posted here.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:link: <@${userId}> connected partnerbot to Shopify Partner organization ${organizationId}.\nInstall, uninstall and charge alerts for *${names}* will be posted here.`.slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'History is importing in the background; it never alerts. Type `/partner status` to follow it.' }] },
    ],
  };
}
