import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { AlertRoute, NewAlertRoute, RouteScope } from '../../domain/alertRoute.ts';
import type { PartnerConnection, TrackedApp } from '../../domain/connection.ts';
import { matchApp } from '../../figures/figureArgs.ts';
import type { Logger } from '../../logger.ts';
import { listRoutes, removeRoute } from '../../storage/alertRoutes.ts';
import { findLiveConnection, listTrackedApps } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import { ensureRouteChannel } from './routeChannel.ts';

/** The workspace's live connection with what its rules refer to. */
export interface RoutingState {
  connection: PartnerConnection;
  apps: TrackedApp[];
  routes: AlertRoute[];
}

export async function loadRoutingState(db: Kysely<Database>, workspaceId: string): Promise<RoutingState | null> {
  const connection = await findLiveConnection(db, workspaceId);
  if (!connection) return null;
  const [apps, routes] = await Promise.all([listTrackedApps(db, connection.id), listRoutes(db, connection.id)]);
  return { connection, apps, routes };
}

/** A rule as the command or the modal gathered it; the app still as typed (an id or a name). */
export interface RouteRequest {
  scope: RouteScope;
  kinds: string[];
  app: string | null;
  channelId: string;
  paying: boolean;
  min: NewAlertRoute['min'];
  mention: string | null;
}

export type CheckedRoute = { ok: true; route: NewAlertRoute } | { ok: false; field: 'app' | 'channel'; message: string };

/**
 * Checks a rule before it is stored: its app is one tracked app, and partnerbot can post in its
 * channel (a public one is joined here, a private one it is not in is refused).
 */
export async function checkRoute(client: Pick<WebClient, 'conversations'>, apps: readonly TrackedApp[], request: RouteRequest, logger: Logger): Promise<CheckedRoute> {
  let appId: string | null = null;
  if (request.app !== null) {
    const match = matchApp(request.app, apps);
    if (!match.ok) return { ok: false, field: 'app', message: match.error };
    appId = match.apps[0]!.appId;
  }
  const channel = await ensureRouteChannel(client, request.channelId, logger);
  if (!channel.ok) return { ok: false, field: 'channel', message: channel.message };
  return {
    ok: true,
    route: { scope: request.scope, kinds: request.scope === 'kinds' ? request.kinds : [], appId, channelId: channel.channelId, paying: request.paying, min: request.min, mention: request.mention },
  };
}

/**
 * Removes rule `position`, but only if it is still the rule the admin saw (`expectedId`): another
 * admin may have removed one before it meanwhile, and the numbers moved up.
 */
export async function removeRouteAt(db: Kysely<Database>, connectionId: number, position: number, expectedId?: number): Promise<AlertRoute | null> {
  return db.transaction().execute(async (trx) => {
    if (expectedId !== undefined) {
      const current = (await listRoutes(trx, connectionId)).find((r) => r.position === position);
      if (!current || Number(current.id) !== expectedId) return null;
    }
    return removeRoute(trx, connectionId, position);
  });
}
