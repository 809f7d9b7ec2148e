import type { KnownBlock } from '@slack/types';
import type { TrackedApp } from '../../domain/connection.ts';
import { fallbackText, merchantText, mrkdwn, mrkdwnList, userMention } from '../../slackApi/mrkdwn.ts';

/** The short note posted in the alerts channel once it is set up. */
export function buildConnectedMessage(organizationId: string, apps: TrackedApp[], userId: string): { text: string; blocks: KnownBlock[] } {
  const names = mrkdwnList(apps.map((a) => merchantText(a.name || `App ${a.appId}`, 100)), 2000);
  const org = merchantText(organizationId, 40);
  const text = fallbackText(`partnerbot is connected to Shopify Partner organization ${org}: alerts for ${names} will be posted here.`);
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`:link: ${userMention(userId)} connected partnerbot to Shopify Partner organization ${org}.\nInstall, uninstall and charge alerts for *${names}* will be posted here.`) },
      { type: 'context', elements: [mrkdwn('History is importing in the background; it never alerts. Type `/partner status` to follow it.')] },
    ],
  };
}
