import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface ClaimedConnection {
  id: number;
  workspaceId: string;
  organizationId: string;
}

/**
 * Claims connections whose poll is due by `dueBy` (now, or the next tick: a poll due between two ticks
 * is taken at the earlier one rather than a whole tick late) and whose lease is free or expired, so
 * each connection is polled by one process at a time. The longest overdue go first, so none starves
 * when more are due than a process takes at once. SKIP LOCKED lets several processes claim
 * concurrently without waiting on each other's rows.
 */
export async function claimDueConnections(db: Kysely<Database>, owner: string, now: Date, leaseMs: number, limit: number, dueBy: Date = now): Promise<ClaimedConnection[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('partner_connections')
      .select(['id', 'workspace_id', 'organization_id'])
      .where('status', '<>', 'disconnected')
      .where('token_ciphertext', 'is not', null)
      .where('next_poll_at', '<=', dueBy.toISOString())
      .where((eb) => eb.or([eb('poll_lease_until', 'is', null), eb('poll_lease_until', '<', now.toISOString())]))
      .orderBy('next_poll_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    await trx
      .updateTable('partner_connections')
      .set({ poll_lease_owner: owner, poll_lease_until: new Date(now.getTime() + leaseMs) })
      .where('id', 'in', due.map((d) => d.id))
      .execute();
    return due.map((d) => ({ id: d.id, workspaceId: d.workspace_id, organizationId: d.organization_id }));
  });
}

/** Extends a lease this process holds; false when it was lost (expired and taken, or disconnected). */
export async function renewLease(db: Kysely<Database>, connectionId: number, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('partner_connections')
    .set({ poll_lease_until: new Date(now.getTime() + leaseMs) })
    .where('id', '=', connectionId)
    .where('poll_lease_owner', '=', owner)
    .where('status', '<>', 'disconnected')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Kysely<Database>, connectionId: number, owner: string, nextPollAt: Date): Promise<void> {
  await db
    .updateTable('partner_connections')
    .set({ poll_lease_owner: null, poll_lease_until: null, next_poll_at: nextPollAt })
    .where('id', '=', connectionId)
    .where('poll_lease_owner', '=', owner)
    .execute();
}

/** Asks for a poll as soon as possible (after connecting, or "Sync now"). */
export async function requestPollNow(db: Kysely<Database>, connectionId: number, now: Date): Promise<void> {
  await db.updateTable('partner_connections').set({ next_poll_at: now }).where('id', '=', connectionId).execute();
}

export type HealthChange = 'failed' | 'recovered' | null;

/** A successful cycle: clears failures; says 'recovered' when the connection leaves the error state. */
export async function recordSyncSuccess(db: Kysely<Database>, connectionId: number, now: Date, imported: number): Promise<HealthChange> {
  const before = await db.selectFrom('partner_connections').select('status').where('id', '=', connectionId).executeTakeFirst();
  await db
    .updateTable('partner_connections')
    .set((eb) => ({
      status: sql<'active'>`case when status = 'disconnected' then status else 'active' end`,
      consecutive_failures: 0,
      last_error: null,
      last_error_code: null,
      last_success_at: now,
      records_imported: eb('records_imported', '+', imported),
      updated_at: now,
    }))
    .where('id', '=', connectionId)
    .execute();
  return before?.status === 'error' ? 'recovered' : null;
}

/**
 * A failed cycle. `fatal` failures (revoked token, missing permission) put the connection in error
 * at once; transient ones after `errorAfter` in a row. Says 'failed' only on the transition.
 */
export async function recordSyncFailure(
  db: Kysely<Database>,
  connectionId: number,
  now: Date,
  failure: { code: string; message: string; fatal: boolean; imported: number },
  errorAfter: number,
): Promise<HealthChange> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('partner_connections')
      .select(['status', 'consecutive_failures'])
      .where('id', '=', connectionId)
      .forUpdate()
      .executeTakeFirst();
    if (!before || before.status === 'disconnected') return null;
    const failures = before.consecutive_failures + 1;
    const inError = failure.fatal || failures >= errorAfter;
    await trx
      .updateTable('partner_connections')
      .set((eb) => ({
        status: inError ? 'error' : before.status,
        consecutive_failures: failures,
        last_error: failure.message,
        last_error_code: failure.code,
        records_imported: eb('records_imported', '+', failure.imported),
        updated_at: now,
      }))
      .where('id', '=', connectionId)
      .execute();
    return inError && before.status !== 'error' ? 'failed' : null;
  });
}
