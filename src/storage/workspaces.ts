import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { skipQueuedAlertsOfConnections } from './alertOutbox/retire.ts';
import { installationKey } from './installationStore.ts';
import type { Database } from './schema.ts';

export interface WorkspaceRef {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  /** The event's authorization says the org-wide (Enterprise Grid) installation is the one that went. */
  isEnterpriseInstall?: boolean;
}

/**
 * Slack removed the app (app_uninstalled, or the bot token was revoked): forget the installation,
 * delete the Partner token and stop everything that would post there. Idempotent, because Slack
 * sends both events in either order and may retry them.
 *
 * An org-wide installation serves every workspace of its organization that has none of its own, so
 * its removal ends all their connections. A single workspace's removal leaves the org-wide one alone.
 */
export async function forgetWorkspace(db: Kysely<Database>, ref: WorkspaceRef, now: Date): Promise<void> {
  const enterpriseId = orgWideInstallGone(ref);
  await db.transaction().execute(async (trx) => {
    if (enterpriseId) return forgetOrgWideInstallation(trx, enterpriseId, now);
    if (!ref.teamId) return;
    await trx.deleteFrom('slack_installations').where('installation_key', '=', installationKey({ teamId: ref.teamId })).execute();
    const connections = await disconnect(trx, now).where('workspace_id', '=', ref.teamId).returning(['id', 'workspace_id']).execute();
    await retire(trx, connections, 'app uninstalled from the workspace');
  });
}

/**
 * An org admin took the org-wide app away from some of the organization's workspaces
 * (team_access_revoked): the connections it served there end. A workspace with an installation of
 * its own still has it.
 */
export async function forgetOrgServedWorkspaces(db: Kysely<Database>, enterpriseId: string, teamIds: string[], now: Date): Promise<void> {
  if (teamIds.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const connections = await disconnect(trx, now)
      .where('workspace_id', 'in', teamIds)
      .where('workspace_id', 'in', (eb) => eb.selectFrom('slack_workspace_enterprises').select('team_id').where('enterprise_id', '=', enterpriseId))
      .where('workspace_id', 'not in', ownInstallations)
      .returning(['id', 'workspace_id'])
      .execute();
    await retire(trx, connections, 'app removed from the workspace by the Enterprise Grid organization');
  });
}

/**
 * The enterprise whose org-wide installation went, or null. Slack names it in the event's
 * authorization; older payloads name only the enterprise, or put its id in team_id.
 */
function orgWideInstallGone(ref: WorkspaceRef): string | null {
  if (!ref.enterpriseId) return null;
  return ref.isEnterpriseInstall || !ref.teamId || ref.teamId === ref.enterpriseId ? ref.enterpriseId : null;
}

async function forgetOrgWideInstallation(trx: Transaction<Database>, enterpriseId: string, now: Date): Promise<void> {
  await trx.deleteFrom('slack_installations').where('installation_key', '=', installationKey({ isEnterpriseInstall: true, enterpriseId })).execute();
  const connections = await disconnect(trx, now)
    .where('workspace_id', 'in', (eb) => eb.selectFrom('slack_workspace_enterprises').select('team_id').where('enterprise_id', '=', enterpriseId))
    // A workspace with an installation of its own is still served by it.
    .where('workspace_id', 'not in', ownInstallations)
    .returning(['id', 'workspace_id'])
    .execute();
  await retire(trx, connections, 'app uninstalled from the Enterprise Grid organization');
}

/** Workspaces with an installation of their own (not served by an org-wide one). */
const ownInstallations = (eb: ExpressionBuilder<Database, 'partner_connections'>) =>
  eb.selectFrom('slack_installations').select('team_id').where('is_enterprise_install', '=', false).where('team_id', 'is not', null).$narrowType<{ team_id: string }>();

/** Their queued alerts are not sent, and a refused-token report about them no longer applies. */
async function retire(trx: Transaction<Database>, connections: { id: number; workspace_id: string }[], reason: string): Promise<void> {
  await skipQueuedAlertsOfConnections(trx, connections.map((c) => c.id), reason);
  const workspaces = [...new Set(connections.map((c) => c.workspace_id))];
  if (workspaces.length > 0) await trx.deleteFrom('slack_token_failures').where('workspace_id', 'in', workspaces).execute();
}

/** Partner token deleted, polling stopped; the imported history stays. */
const disconnect = (trx: Transaction<Database>, now: Date) =>
  trx
    .updateTable('partner_connections')
    .set({ status: 'disconnected', token_ciphertext: null, token_key_version: null, poll_lease_owner: null, poll_lease_until: null, updated_at: now });
