import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { fallbackText, merchantText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import { skipQueuedAlertsOfWorkspace } from '../../storage/alertOutbox/retire.ts';
import { disconnectWorkspace, findLiveConnection } from '../../storage/connections.ts';
import type { PartnerConnection } from '../../domain/connection.ts';
import { DISCONNECT_ACTION } from '../home/homeView.ts';
import { actorOfInteraction } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
import { buildRefusalModal } from '../permissions/refusalView.ts';
import type { ConnectDeps } from './connectDeps.ts';
import { buildMessageView } from './connectModalView.ts';

export const RETENTION_NOTE =
  'The token is deleted at once and polling and alerts stop. Imported history is kept, so reconnecting the same organization later does not download it again.';

/** The ephemeral "are you sure?" that `/partner disconnect` answers with. */
export function buildDisconnectConfirmation(connection: PartnerConnection): { text: string; blocks: KnownBlock[] } {
  const organization = merchantText(connection.organizationId, 40);
  const text = fallbackText(`Disconnect Shopify Partner organization ${organization}? ${RETENTION_NOTE}`);
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*Disconnect Shopify Partner organization ${organization}?*\n${RETENTION_NOTE}`) },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: DISCONNECT_ACTION, style: 'danger', value: String(connection.id), text: { type: 'plain_text', text: 'Disconnect' } }],
      },
    ],
  };
}

/** The Disconnect buttons (Home tab, with Slack's confirm dialog, and the /partner disconnect reply). */
export function registerDisconnect(app: App, deps: ConnectDeps): void {
  app.action(DISCONNECT_ACTION, async ({ ack, body, client, respond }) => {
    await ack();
    const actor = actorOfInteraction(body);
    const logger = deps.logger.child({ teamId: actor.teamId, userId: actor.userId, action: DISCONNECT_ACTION });
    const fromMessage = 'response_url' in body && Boolean(body.response_url);
    const tell = async (text: string, refused = false) => {
      if (fromMessage) await respond({ response_type: 'ephemeral', replace_original: true, text });
      else if ('trigger_id' in body) await client.views.open({ trigger_id: body.trigger_id, view: refused ? buildRefusalModal(text) : buildMessageView('partnerbot', text) });
    };
    try {
      // Checked again at the click: whoever saw the confirmation (or a copied button) proves nothing.
      const rights = await authorize({ db: deps.db, logger }, client, 'disconnect', actor);
      if (!rights.allowed) return await tell(rights.message, true);
      const live = await findLiveConnection(deps.db, actor.teamId);
      const value = 'actions' in body ? (body.actions[0] as { value?: string } | undefined)?.value : undefined;
      // A button from before a reconnect must not disconnect the newer connection.
      if (!live || (value && value !== String(live.id))) return await tell('Nothing to disconnect: this workspace is not connected to that organization any more.');
      await disconnectWorkspace(deps.db, actor.teamId, deps.clock.now());
      await skipQueuedAlertsOfWorkspace(deps.db, actor.teamId, 'disconnected by an admin');
      logger.info('Partner connection disconnected', { orgId: live.organizationId, connectionId: live.id });
      if (fromMessage) await tell(`Disconnected from Shopify Partner organization ${merchantText(live.organizationId, 40)}. ${RETENTION_NOTE}`);
      await deps.home.publish(client, actor.teamId, actor.userId);
    } catch (error) {
      logger.error('Disconnecting failed', { error });
      await tell('Sorry, disconnecting did not work because of a problem on our side. Please try again in a minute.').catch(() => undefined);
    }
  });
}
