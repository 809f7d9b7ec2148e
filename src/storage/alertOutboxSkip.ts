import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

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
