import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface TokenFailure {
  workspaceId: string;
  /** Slack's error code: invalid_auth, token_revoked, account_inactive... */
  error: string;
  since: string;
  lastSeenAt: string;
}

/** Slack refused the workspace's bot token; `since` keeps the start of the incident. */
export async function recordTokenFailure(db: Kysely<Database>, workspaceId: string, error: string, now: Date): Promise<void> {
  await db
    .insertInto('slack_token_failures')
    .values({ workspace_id: workspaceId, error, since: now, last_seen_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ error, last_seen_at: now }))
    .execute();
}

/** The token works again. */
export async function clearTokenFailure(db: Kysely<Database>, workspaceId: string): Promise<void> {
  await db.deleteFrom('slack_token_failures').where('workspace_id', '=', workspaceId).execute();
}

export async function listTokenFailures(db: Kysely<Database>, workspaceId?: string): Promise<TokenFailure[]> {
  let query = db.selectFrom('slack_token_failures').selectAll().orderBy('since');
  if (workspaceId !== undefined) query = query.where('workspace_id', '=', workspaceId);
  const rows = await query.execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, error: r.error, since: r.since, lastSeenAt: r.last_seen_at }));
}
