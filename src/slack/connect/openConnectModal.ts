import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import { findLiveConnection, listTrackedApps } from '../../storage/connections.ts';
import type { Actor } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
import type { ConnectDeps } from './connectDeps.ts';
import { defaultFormValues, formValuesFromConnection } from './connectForm.ts';
import { buildConnectModal } from './connectModalView.ts';

export type OpenOutcome = { opened: true } | { opened: false; refusal: string };

/**
 * Opens the connect modal, or the same modal pre-filled as "edit settings" when the workspace is
 * already connected; a user who may not do that gets the refusal to show instead, and no form (the
 * edit form shows the connection's settings and the token's last characters). The trigger expires
 * in 3 s, so only quick lookups happen before views.open.
 */
export async function openConnectModal(
  deps: Pick<ConnectDeps, 'db'>,
  client: Pick<WebClient, 'users' | 'views'>,
  actor: Actor,
  triggerId: string,
  logger: Logger,
): Promise<OpenOutcome> {
  const connection = await findLiveConnection(deps.db, actor.teamId);
  const rights = await authorize({ db: deps.db, logger }, client, connection ? 'edit_connection' : 'connect', actor);
  if (!rights.allowed) return { opened: false, refusal: rights.message };
  const view = connection
    ? buildConnectModal({ mode: 'edit', values: formValuesFromConnection(connection, await listTrackedApps(deps.db, connection.id)), tokenHint: connection.tokenHint })
    : buildConnectModal({ mode: 'connect', values: defaultFormValues(rights.profile.timeZone ?? 'UTC') });
  await client.views.open({ trigger_id: triggerId, view });
  return { opened: true };
}
