import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** After a disconnect, alerts still queued for the workspace's retired connections are not sent. */
export async function skipQueuedAlertsOfWorkspace(db: Kysely<Database>, workspaceId: string, reason: string): Promise<void> {
  await db
    .updateTable('alert_outbox')
    .set({ status: 'skipped', last_error: reason })
    .where('status', 'in', ['pending', 'paused'])
    .where('connection_id', 'in', (eb) =>
      eb.selectFrom('partner_connections').select('id').where('workspace_id', '=', workspaceId).where('status', '=', 'disconnected'),
    )
    .execute();
}

/** The app left the workspace: its connections' queued and held alerts are not sent. */
export async function skipQueuedAlertsOfConnections(trx: Transaction<Database>, connectionIds: number[], reason: string): Promise<void> {
  if (connectionIds.length === 0) return;
  await trx
    .updateTable('alert_outbox')
    .set({ status: 'skipped', last_error: reason })
    .where('connection_id', 'in', connectionIds)
    .where('status', 'in', ['pending', 'paused'])
    .execute();
}
