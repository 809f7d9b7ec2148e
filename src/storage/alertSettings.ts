import type { Kysely } from 'kysely';
import type { AlertSettings } from '../domain/connection.ts';
import type { Database } from './schema.ts';

/** Saves the workspace's alert choices; the next delivery batch reads them. */
export async function saveAlertSettings(db: Kysely<Database>, connectionId: number, settings: AlertSettings, now: Date): Promise<void> {
  await db
    .updateTable('partner_connections')
    .set({ alert_settings: JSON.stringify(settings), updated_at: now })
    .where('id', '=', connectionId)
    .execute();
}

/** The alert settings delivery applies; null when the connection is gone or disconnected (nothing is delivered). */
export async function loadDeliverySettings(db: Kysely<Database>, connectionId: number): Promise<AlertSettings | null> {
  const connection = await db.selectFrom('partner_connections').select(['alert_settings', 'status']).where('id', '=', connectionId).executeTakeFirst();
  if (!connection || connection.status === 'disconnected') return null;
  return connection.alert_settings as AlertSettings;
}
