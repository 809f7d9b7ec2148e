import type { Kysely } from 'kysely';
import type { AlertStatus, Database } from '../schema.ts';

/** How many outbox rows are in each state; a state without rows is 0, so a chart has no gaps. */
export async function countOutboxByStatus(db: Kysely<Database>): Promise<Record<AlertStatus, number>> {
  const rows = await db
    .selectFrom('alert_outbox')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<AlertStatus, number> = { pending: 0, paused: 0, sent: 0, skipped: 0, expired: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
