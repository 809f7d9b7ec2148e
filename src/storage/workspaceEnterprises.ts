import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Remembers the Enterprise Grid organization a workspace belongs to, as a signed Slack request named
 * it; null (a workspace outside Enterprise Grid) forgets any earlier answer.
 */
export async function recordWorkspaceEnterprise(db: Db, teamId: string, enterpriseId: string | null, now: Date): Promise<void> {
  if (enterpriseId === null) {
    await db.deleteFrom('slack_workspace_enterprises').where('team_id', '=', teamId).execute();
    return;
  }
  await db
    .insertInto('slack_workspace_enterprises')
    .values({ team_id: teamId, enterprise_id: enterpriseId, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('team_id')
        .doUpdateSet({ enterprise_id: enterpriseId, updated_at: now })
        // Called on every request from an Enterprise Grid workspace: no write when nothing changed.
        .where('slack_workspace_enterprises.enterprise_id', '<>', enterpriseId),
    )
    .execute();
}
