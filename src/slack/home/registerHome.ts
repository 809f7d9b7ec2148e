import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { requestPollNow } from '../../storage/connectionLeases.ts';
import { findLiveConnection } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import { createCooldown, waitText } from '../cooldown.ts';
import { actorOfInteraction } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
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

/** A sync already runs right after a press, so pressing again sooner only queues load on the Partner API. */
export const SYNC_NOW_COOLDOWN_MS = 30 * 1000;

/**
 * The Home tab and its Sync now button (an admin action: it spends the organization's Partner API
 * calls, so only admins and the installer may press it, and each workspace once per
 * SYNC_NOW_COOLDOWN_MS).
 */
export function registerHome(app: App, deps: HomeDeps): void {
  const cooldown = createCooldown({ clock: deps.clock, periodMs: SYNC_NOW_COOLDOWN_MS });
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(client, body.team_id, event.user).catch((error: unknown) =>
      deps.logger.error('Could not publish the Home tab', { teamId: body.team_id, error }),
    );
  });

  app.action(SYNC_NOW_ACTION, async ({ ack, body, client }) => {
    await ack();
    const actor = actorOfInteraction(body);
    const teamId = actor.teamId;
    try {
      // Before the cooldown, so a refused member does not use up the admins' turn.
      const rights = await authorize(deps, client, 'sync_now', actor);
      if (!rights.allowed) {
        await deps.home.publish(client, teamId, actor.userId, rights.message);
        return;
      }
      const until = cooldown.blockedUntil(teamId);
      if (until) {
        const notice = `:hourglass: A sync was started for this workspace less than ${SYNC_NOW_COOLDOWN_MS / 1000} seconds ago. *Sync now* can be used again ${waitText(until, deps.clock.now())}.`;
        await deps.home.publish(client, teamId, body.user.id, notice);
        return;
      }
      // Checked and started with no await in between, so two presses at the same moment cannot both pass.
      cooldown.start(teamId);
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
