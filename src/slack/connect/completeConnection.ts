import type { WebClient } from '@slack/web-api';
import type { TrackedApp } from '../../domain/connection.ts';
import type { Logger } from '../../logger.ts';
import type { Credentials } from '../../partner/client.ts';
import { requestPollNow } from '../../storage/connectionLeases.ts';
import { saveConnection } from '../../storage/connections.ts';
import { recordHistoryStart } from '../../storage/importProgress.ts';
import type { Actor } from '../permissions/actor.ts';
import { ensureChannelAccess } from './channelAccess.ts';
import type { ConnectDeps } from './connectDeps.ts';
import type { ConnectMode, ConnectRequest } from './connectForm.ts';
import type { ConnectedSummary } from './connectModalView.ts';
import { buildConnectedMessage } from './connectedMessage.ts';

type SlackClient = Pick<WebClient, 'conversations' | 'chat'>;

/**
 * Saves a checked connection (token encrypted; reconnecting an organization keeps its history),
 * starts the sync at once, and makes sure alerts can be posted. Returns what the success view shows.
 */
export async function completeConnection(
  deps: ConnectDeps,
  client: SlackClient,
  actor: Actor,
  input: { mode: ConnectMode; request: ConnectRequest; token: string; apps: TrackedApp[]; previousAlertsChannelId: string | null },
  logger: Logger,
): Promise<ConnectedSummary> {
  const { request, apps } = input;
  const now = deps.clock.now();
  const connection = await deps.db.transaction().execute((trx) =>
    saveConnection(trx, deps.cipher, {
      workspaceId: actor.teamId,
      enterpriseId: actor.enterpriseId ?? null,
      organizationId: request.organizationId,
      token: input.token,
      connectedByUserId: actor.userId,
      timeZone: request.timeZone,
      alertsChannelId: request.alertsChannelId,
      digestChannelId: request.digestChannelId,
      digestWeekday: request.digestWeekday,
      digestHour: request.digestHour,
      apps,
    }, now),
  );
  logger.info('Partner connection saved', { orgId: request.organizationId, connectionId: connection.id, mode: input.mode, apps: apps.length });
  await requestPollNow(deps.db, connection.id, now);
  await deps.syncWorker.tick();
  const creds: Credentials = { orgId: request.organizationId, token: input.token };
  // In the background: the success view must not wait for 2 extra requests per app.
  void recordHistoryStarts(deps, connection.id, creds, apps, logger)
    .then(() => deps.home.refresh(actor.teamId))
    .catch((error: unknown) => logger.warn('Could not record when the history begins', { error }));

  const notes: string[] = [];
  const alerts = await ensureChannelAccess(client, request.alertsChannelId, logger);
  if (!alerts.canPost) notes.push(alerts.note);
  else if (input.mode === 'connect' || input.previousAlertsChannelId !== request.alertsChannelId) {
    await client.chat
      .postMessage({ channel: request.alertsChannelId, ...buildConnectedMessage(request.organizationId, apps, actor.userId) })
      .catch((error: unknown) => logger.warn('Could not post the connected message', { channelId: request.alertsChannelId, error }));
  }
  if (request.digestChannelId && request.digestChannelId !== request.alertsChannelId) {
    const digest = await ensureChannelAccess(client, request.digestChannelId, logger);
    if (!digest.canPost) notes.push(digest.note);
  }
  return { mode: input.mode, organizationId: request.organizationId, apps, alertsChannelId: request.alertsChannelId, notes };
}

/** Asks when each stream's history begins, for the progress percentage; failures only cost the %. */
async function recordHistoryStarts(deps: ConnectDeps, connectionId: number, creds: Credentials, apps: TrackedApp[], logger: Logger): Promise<void> {
  for (const app of apps) {
    for (const stream of ['events', 'transactions'] as const) {
      try {
        const oldest = await deps.partner.fetchOldestInstant(creds, app.appId, stream);
        await recordHistoryStart(deps.db, connectionId, app.appId, stream, oldest, deps.clock.now());
      } catch (error) {
        logger.warn('Could not read when the history begins; the import shows no percentage', { appId: app.appId, stream, error });
      }
    }
  }
}
