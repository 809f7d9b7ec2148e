import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { PartnerConnection } from '../../domain/connection.ts';
import type { Logger } from '../../logger.ts';
import { probeChannelSoon } from '../../storage/alertChannels.ts';
import { saveAlertSettings } from '../../storage/alertSettings.ts';
import { findLiveConnection } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import { ALERT_SETTINGS_CALLBACK, buildAlertSettingsModal, buildNoticeModal, KIND_GROUPS, OPEN_ALERT_SETTINGS_ACTION, parseAlertSettings } from './settingsModal.ts';

const NOT_ALLOWED = 'Only workspace admins and owners, or the person who connected partnerbot, can change alert settings.';

/** Admins/owners (Enterprise Grid ones too) and the connecting user may change alert settings. */
export async function mayChangeAlertSettings(client: Pick<WebClient['users'], 'info'>, userId: string, connection: PartnerConnection): Promise<boolean> {
  if (userId === connection.connectedByUserId) return true;
  const { user } = await client.info({ user: userId });
  return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner || user?.enterprise_user?.is_admin || user?.enterprise_user?.is_owner);
}

/** The App Home's "Alert settings" button, its modal's submission, and the bot joining a channel. */
export function registerAlertSettings(app: App, deps: { db: Kysely<Database>; clock: Clock; logger: Logger }): void {
  app.action(OPEN_ALERT_SETTINGS_ACTION, async ({ ack, body, client }) => {
    await ack();
    const triggerId = 'trigger_id' in body ? body.trigger_id : undefined;
    const teamId = body.team?.id;
    if (!triggerId || !teamId) return;
    try {
      const connection = await findLiveConnection(deps.db, teamId);
      const view = !connection
        ? buildNoticeModal('Connect a Partner organization first: `/partner connect`.')
        : (await mayChangeAlertSettings(client.users, body.user.id, connection))
          ? buildAlertSettingsModal(connection.id, connection.alertsChannelId, connection.alertSettings)
          : buildNoticeModal(NOT_ALLOWED);
      await client.views.open({ trigger_id: triggerId, view });
    } catch (error) {
      deps.logger.warn('Could not open alert settings', { teamId, error });
    }
  });

  app.view(ALERT_SETTINGS_CALLBACK, async ({ ack, body, view, client }) => {
    const firstBlock = KIND_GROUPS[0]!.blockId;
    try {
      const teamId = body.team?.id ?? '';
      const connection = await findLiveConnection(deps.db, teamId);
      const { connectionId } = JSON.parse(view.private_metadata || '{}') as { connectionId?: number };
      if (!connection || connection.id !== connectionId) {
        await ack({ response_action: 'errors', errors: { [firstBlock]: 'This connection changed meanwhile. Close and open the settings again.' } });
        return;
      }
      if (!(await mayChangeAlertSettings(client.users, body.user.id, connection))) {
        await ack({ response_action: 'errors', errors: { [firstBlock]: NOT_ALLOWED } });
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
