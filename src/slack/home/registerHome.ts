import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { requestPollNow } from '../../storage/connectionLeases.ts';
import { findLiveConnection } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import type { HomePublisher } from './homePublisher.ts';
import { SYNC_NOW_ACTION } from './homeView.ts';

export interface HomeDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  home: HomePublisher;
  /** Starts a sync cycle now (the scheduler's worker): a new connection or "Sync now" need not wait for the next tick. */
  syncWorker: { tick(): Promise<void> };
}

/** The Home tab and its Sync now button (anyone may ask for a sync: it changes nothing). */
export function registerHome(app: App, deps: HomeDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(client, body.team_id, event.user).catch((error: unknown) =>
      deps.logger.error('Could not publish the Home tab', { teamId: body.team_id, error }),
    );
  });

  app.action(SYNC_NOW_ACTION, async ({ ack, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    try {
      const connection = await findLiveConnection(deps.db, teamId);
      if (connection) {
        await requestPollNow(deps.db, connection.id, deps.clock.now());
        await deps.syncWorker.tick();
      }
      await deps.home.publish(client, teamId, body.user.id);
    } catch (error) {
      deps.logger.error('Sync now failed', { teamId, error });
    }
  });
}
