import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { probeChannelSoon } from '../../storage/alertChannels.ts';
import { saveAlertSettings } from '../../storage/alertSettings.ts';
import { findLiveConnection } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import { actorOfInteraction } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
import { buildRefusalModal } from '../permissions/refusalView.ts';
import { ALERT_SETTINGS_CALLBACK, buildAlertSettingsModal, buildNoticeModal, KIND_GROUPS, OPEN_ALERT_SETTINGS_ACTION, parseAlertSettings } from './settingsModal.ts';

/** The App Home's "Alert settings" button, its modal's submission, and the bot joining a channel. */
export function registerAlertSettings(app: App, deps: { db: Kysely<Database>; clock: Clock; logger: Logger }): void {
  app.action(OPEN_ALERT_SETTINGS_ACTION, async ({ ack, body, client }) => {
    await ack();
    const triggerId = 'trigger_id' in body ? body.trigger_id : undefined;
    const actor = actorOfInteraction(body);
    const teamId = actor.teamId;
    if (!triggerId || !teamId) return;
    try {
      const rights = await authorize(deps, client, 'alert_settings', actor);
      const connection = rights.allowed ? await findLiveConnection(deps.db, teamId) : null;
      const view = !rights.allowed
        ? buildRefusalModal(rights.message)
        : !connection
          ? buildNoticeModal('Connect a Partner organization first: `/partner connect`.')
          : buildAlertSettingsModal(connection.id, connection.alertsChannelId, connection.alertSettings);
      await client.views.open({ trigger_id: triggerId, view });
    } catch (error) {
      deps.logger.warn('Could not open alert settings', { teamId, error });
    }
  });

  app.view(ALERT_SETTINGS_CALLBACK, async ({ ack, body, view, client }) => {
    const firstBlock = KIND_GROUPS[0]!.blockId;
    try {
      const actor = actorOfInteraction(body);
      // Rechecked at the submission: rights can change while the modal is open, and a submission can be crafted.
      const rights = await authorize(deps, client, 'alert_settings', actor);
      if (!rights.allowed) {
        await ack({ response_action: 'errors', errors: { [firstBlock]: rights.message } });
        return;
      }
      const connection = await findLiveConnection(deps.db, actor.teamId);
      // private_metadata only says which connection the form was made for, never who may save it.
      const { connectionId } = JSON.parse(view.private_metadata || '{}') as { connectionId?: number };
      if (!connection || connection.id !== connectionId) {
        await ack({ response_action: 'errors', errors: { [firstBlock]: 'This connection changed meanwhile. Close and open the settings again.' } });
        return;
      }
      await saveAlertSettings(deps.db, connection.id, parseAlertSettings(view.state.values as never), deps.clock.now());
      await ack();
    } catch (error) {
      deps.logger.error('Could not save alert settings', { error });
      await ack({ response_action: 'errors', errors: { [firstBlock]: 'Saving failed. Try again in a minute.' } });
    }
  });

  // The bot was invited (or joined): a paused channel is checked at the next tick instead of in 5 minutes.
  app.event('member_joined_channel', async ({ event, context }) => {
    if (event.user !== context.botUserId) return;
    await probeChannelSoon(deps.db, event.channel, deps.clock.now());
  });
}
