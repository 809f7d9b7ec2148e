import type { App, Context } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../storage/schema.ts';
import { forgetOrgServedWorkspaces, forgetWorkspace, type WorkspaceRef } from '../../storage/workspaces.ts';

/** Bolt does not clean up after an uninstall; these events are our cue. */
export function registerLifecycleEvents(app: App, deps: { db: Kysely<Database>; clock: Clock; logger: Logger }): void {
  app.event('app_uninstalled', async ({ body, context }) => {
    const ref = removedInstallation(body, context);
    await forgetWorkspace(deps.db, ref, deps.clock.now());
    deps.logger.info('App uninstalled: installation and Partner token deleted', { ...ref });
  });

  app.event('tokens_revoked', async ({ event, body, context }) => {
    // Only the bot token matters: without it nothing can be posted. Revoked user tokens change nothing.
    if ((event.tokens.bot ?? []).length === 0) return;
    const ref = removedInstallation(body, context);
    await forgetWorkspace(deps.db, ref, deps.clock.now());
    deps.logger.info('Bot token revoked: installation and Partner token deleted', { ...ref });
  });

  app.event('team_access_revoked', async ({ event, body, context }) => {
    // The org-wide app was taken away from some workspaces of the organization (Enterprise Grid).
    const enterpriseId = body.enterprise_id ?? context.enterpriseId;
    if (!enterpriseId) return;
    await forgetOrgServedWorkspaces(deps.db, enterpriseId, event.team_ids, deps.clock.now());
    deps.logger.info('Org-wide app removed from workspaces: their connections end', { enterpriseId, teamIds: event.team_ids });
  });
}

/**
 * Which installation the event is about. Bolt reads isEnterpriseInstall from the event's
 * authorization: an org-wide installation's events carry it, whichever workspace team_id names.
 */
function removedInstallation(body: { team_id?: string; enterprise_id?: string }, context: Context): WorkspaceRef {
  return {
    teamId: body.team_id ?? context.teamId,
    enterpriseId: body.enterprise_id ?? context.enterpriseId,
    isEnterpriseInstall: context.isEnterpriseInstall === true,
  };
}
