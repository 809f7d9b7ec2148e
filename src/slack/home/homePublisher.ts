import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../storage/schema.ts';
import type { WorkspaceClientFor } from '../../slackApi/workspaceClients.ts';
import { loadConnectionSummary } from './connectionSummary.ts';
import { buildHomeView } from './homeView.ts';

export interface HomePublisher {
  /** Publishes the workspace's Home for one user and remembers them as a viewer; `notice` shows on top, for them only. */
  publish(client: Pick<WebClient, 'views'>, workspaceId: string, userId: string, notice?: string): Promise<void>;
  /** Re-publishes for everyone who opened the Home recently (e.g. after a sync cycle). */
  refresh(workspaceId: string): Promise<void>;
}

/** Viewers older than this are not refreshed: Slack re-renders on the next app_home_opened anyway. */
const VIEWER_TTL_MS = 30 * 60 * 1000;

/**
 * Slack cannot push a Home tab to "whoever is looking", only to a user id, so the users who opened
 * it lately are remembered (in memory: a restart only delays a refresh until the next open).
 */
export function createHomePublisher(deps: { db: Kysely<Database>; clock: Clock; logger: Logger; botClientFor: WorkspaceClientFor }): HomePublisher {
  const viewers = new Map<string, Map<string, number>>();

  const render = async (client: Pick<WebClient, 'views'>, workspaceId: string, userId: string, onlyIfConnected = false, notice?: string) => {
    const summary = await loadConnectionSummary(deps.db, workspaceId, deps.clock.now());
    // Background refreshes stop with the connection: after a disconnect or an uninstall nothing is published.
    if (!summary && onlyIfConnected) return;
    await client.views.publish({ user_id: userId, view: buildHomeView(summary, notice) });
  };

  return {
    async publish(client, workspaceId, userId, notice) {
      let users = viewers.get(workspaceId);
      if (!users) viewers.set(workspaceId, (users = new Map()));
      users.set(userId, deps.clock.now().getTime());
      await render(client, workspaceId, userId, false, notice);
    },
    async refresh(workspaceId) {
      const users = viewers.get(workspaceId);
      if (!users || users.size === 0) return;
      const cutoff = deps.clock.now().getTime() - VIEWER_TTL_MS;
      for (const [userId, seen] of users) if (seen < cutoff) users.delete(userId);
      const client = await deps.botClientFor(workspaceId);
      if (!client) return;
      for (const userId of users.keys()) {
        await render(client, workspaceId, userId, true).catch((error: unknown) =>
          deps.logger.warn('Could not refresh the Home tab', { teamId: workspaceId, userId, error }),
        );
      }
    },
  };
}
