import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import { findLiveConnection, listTrackedApps } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import { buildHomeView } from './homeView.ts';

export function registerHome(app: App, deps: { db: Kysely<Database>; logger: Logger }): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const workspaceId = body.team_id;
    const connection = await findLiveConnection(deps.db, workspaceId);
    const apps = connection ? await listTrackedApps(deps.db, connection.id) : [];
    await client.views.publish({ user_id: event.user, view: buildHomeView(connection, apps) });
  });
}
