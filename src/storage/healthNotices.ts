import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface NoticeTarget {
  workspaceId: string;
  organizationId: string;
  userId: string;
  lastError: string | null;
  lastErrorCode: string | null;
}

const RETURNED = ['workspace_id', 'organization_id', 'connected_by_user_id', 'last_error', 'last_error_code'] as const;

function toTarget(row: { workspace_id: string; organization_id: string; connected_by_user_id: string; last_error: string | null; last_error_code: string | null }): NoticeTarget {
  return { workspaceId: row.workspace_id, organizationId: row.organization_id, userId: row.connected_by_user_id, lastError: row.last_error, lastErrorCode: row.last_error_code };
}

/**
 * Claims the right to tell the admin about this incident: error_notified_at is set once per
 * incident, atomically, so two processes (or a repeated transition) never send two DMs.
 */
export async function claimErrorNotice(db: Kysely<Database>, connectionId: number, now: Date): Promise<NoticeTarget | null> {
  const row = await db
    .updateTable('partner_connections')
    .set({ error_notified_at: now })
    .where('id', '=', connectionId)
    .where('status', '=', 'error')
    .where('error_notified_at', 'is', null)
    .returning(RETURNED)
    .executeTakeFirst();
  return row ? toTarget(row) : null;
}

/** Ends the incident; only an incident the admin was told about gets a recovery message. */
export async function claimRecoveryNotice(db: Kysely<Database>, connectionId: number): Promise<NoticeTarget | null> {
  const row = await db
    .updateTable('partner_connections')
    .set({ error_notified_at: null })
    .where('id', '=', connectionId)
    .where('status', '=', 'active')
    .where('error_notified_at', 'is not', null)
    .returning(RETURNED)
    .executeTakeFirst();
  return row ? toTarget(row) : null;
}
