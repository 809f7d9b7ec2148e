import type { Kysely } from 'kysely';
import { skipQueuedAlertsOfConnections } from './alertOutbox/retire.ts';
import type { Database } from './schema.ts';

export interface WorkspaceRef {
  teamId: string | undefined;
  enterpriseId: string | undefined;
}

/**
 * Slack removed the app (app_uninstalled, or the bot token was revoked): forget the installation,
 * delete the Partner token and stop everything that would post there. Idempotent, because Slack
 * sends both events in either order and may retry them.
 */
export async function forgetWorkspace(db: Kysely<Database>, ref: WorkspaceRef, now: Date): Promise<void> {
  const keys = [ref.teamId && `T:${ref.teamId}`, ref.enterpriseId && !ref.teamId && `E:${ref.enterpriseId}`].filter(
    (k): k is string => Boolean(k),
  );
  await db.transaction().execute(async (trx) => {
    if (keys.length > 0) await trx.deleteFrom('slack_installations').where('installation_key', 'in', keys).execute();
    if (!ref.teamId) return;
    const connections = await trx
      .updateTable('partner_connections')
      .set({ status: 'disconnected', token_ciphertext: null, token_key_version: null, poll_lease_owner: null, poll_lease_until: null, updated_at: now })
      .where('workspace_id', '=', ref.teamId)
      .returning('id')
      .execute();
    await skipQueuedAlertsOfConnections(trx, connections.map((c) => c.id), 'app uninstalled from the workspace');
  });
}
