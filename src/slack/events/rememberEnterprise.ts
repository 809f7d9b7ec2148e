import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../storage/schema.ts';
import { recordWorkspaceEnterprise } from '../../storage/workspaceEnterprises.ts';

/**
 * Every signed request from an Enterprise Grid workspace names its organization: remembered, so a
 * workspace whose connection was made before partnerbot recorded it (or whose organization changed)
 * is served by its org-wide installation again from its next command, click or Home visit. Requests
 * from outside Enterprise Grid cost nothing; inside, one upsert that writes only on a change.
 */
export function rememberWorkspaceEnterprise(app: App, deps: { db: Kysely<Database>; clock: Clock; logger: Logger }): void {
  app.use(async ({ context, next }) => {
    const { teamId, enterpriseId } = context;
    // Some org-wide payloads put the enterprise in team_id: that names no workspace.
    if (teamId && enterpriseId && teamId !== enterpriseId) {
      await recordWorkspaceEnterprise(deps.db, teamId, enterpriseId, deps.clock.now()).catch((error: unknown) =>
        deps.logger.warn('Could not record the workspace\'s Enterprise Grid organization', { teamId, enterpriseId, error }),
      );
    }
    await next();
  });
}
