import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import { findLiveConnection, listTrackedApps } from '../../storage/connections.ts';
import type { ConnectDeps } from './connectDeps.ts';
import { defaultFormValues, formValuesFromConnection } from './connectForm.ts';
import { buildConnectModal } from './connectModalView.ts';
import { loadActor, type Actor } from './permissions.ts';

/**
 * Opens the connect modal, or the same modal pre-filled as "edit settings" when the workspace is
 * already connected. The trigger expires in 3 s, so only quick lookups happen before views.open.
 */
export async function openConnectModal(
  deps: Pick<ConnectDeps, 'db'>,
  client: Pick<WebClient, 'users' | 'views'>,
  actor: Actor,
  triggerId: string,
  logger: Logger,
): Promise<'opened' | 'not_allowed'> {
  const profile = await loadActor(deps.db, client, actor, logger);
  if (!profile.mayManage) return 'not_allowed';
  const connection = await findLiveConnection(deps.db, actor.teamId);
  const view = connection
    ? buildConnectModal({ mode: 'edit', values: formValuesFromConnection(connection, await listTrackedApps(deps.db, connection.id)), tokenHint: connection.tokenHint })
    : buildConnectModal({ mode: 'connect', values: defaultFormValues(profile.timeZone ?? 'UTC') });
  await client.views.open({ trigger_id: triggerId, view });
  return 'opened';
}
