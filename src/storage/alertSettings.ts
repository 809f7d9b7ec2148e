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
