import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function skipAlerts(trx: Db, ids: number[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('alert_outbox').set({ status: 'skipped', last_error: reason, claimed_by: null, claimed_until: null }).where('id', 'in', ids).execute();
}

/** Slack accepted the message: the alerts are sent, with its ts. Only the claim holder may say so. */
export async function markSent(db: Db, ids: number[], owner: string, ts: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_outbox')
    .set({ status: 'sent', slack_ts: ts, sent_at: now, claimed_until: null, last_error: null })
    .where('id', 'in', ids)
    .where('claimed_by', '=', owner)
    .where('status', '=', 'pending')
    .execute();
}

/** Slack said no (or was never asked): release the claim so the alert is due again at `availableAt`. */
export async function releaseAlerts(db: Db, ids: number[], owner: string, error: string | null, availableAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_outbox')
    .set({ claimed_by: null, claimed_until: null, last_error: error, available_at: availableAt })
    .where('id', 'in', ids)
    .where('claimed_by', '=', owner)
    .execute();
}

/** The outcome is unknown (timeout, connection reset): keep the claim marker so the next attempt checks Slack first. */
export async function markUnconfirmed(db: Db, ids: number[], owner: string, error: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('alert_outbox').set({ claimed_until: now, last_error: error }).where('id', 'in', ids).where('claimed_by', '=', owner).execute();
}
