import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AlertSettings, PartnerConnection, TrackedApp } from '../domain/connection.ts';
import type { TokenCipher } from '../crypto/tokenCipher.ts';
import type { ConnectionStatus, Database, PartnerConnectionsTable } from './schema.ts';
import { recordWorkspaceEnterprise } from './workspaceEnterprises.ts';
import { ensureDefaultRoute, repointRoutes } from './alertRoutes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function toConnection(row: Selectable<PartnerConnectionsTable>): PartnerConnection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    organizationId: row.organization_id,
    status: row.status,
    hasToken: row.token_ciphertext !== null,
    tokenHint: row.token_hint,
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    consecutiveFailures: row.consecutive_failures,
    errorNotifiedAt: row.error_notified_at,
    connectedByUserId: row.connected_by_user_id,
    timeZone: row.time_zone,
    alertsChannelId: row.alerts_channel_id,
    digestChannelId: row.digest_channel_id,
    digestWeekday: row.digest_weekday,
    digestHour: row.digest_hour,
    alertSettings: row.alert_settings as AlertSettings,
    alertsFrom: row.alerts_from,
    lastSuccessAt: row.last_success_at,
    recordsImported: row.records_imported,
  };
}

/** The workspace's current (not disconnected) connection, if any. */
export async function findLiveConnection(db: Db, workspaceId: string): Promise<PartnerConnection | null> {
  const row = await db
    .selectFrom('partner_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', 'disconnected')
    .executeTakeFirst();
  return row ? toConnection(row) : null;
}

export async function getConnection(db: Db, connectionId: number): Promise<PartnerConnection | null> {
  const row = await db.selectFrom('partner_connections').selectAll().where('id', '=', connectionId).executeTakeFirst();
  return row ? toConnection(row) : null;
}

export interface ConnectionInput {
  workspaceId: string;
  /** The workspace's Enterprise Grid organization (null: none), from the request: an org-wide installation may serve it. */
  enterpriseId?: string | null;
  organizationId: string;
  token: string;
  connectedByUserId: string;
  timeZone: string;
  alertsChannelId: string | null;
  digestChannelId: string | null;
  digestWeekday: number;
  digestHour: number;
  apps: TrackedApp[];
}

/**
 * Connects (or reconnects) a workspace to an organization. Reconnecting an organization the
 * workspace had before reuses its row, so its imported history and sync progress carry on.
 */
export async function saveConnection(trx: Transaction<Database>, cipher: TokenCipher, input: ConnectionInput, now: Date): Promise<PartnerConnection> {
  const secret = cipher.encrypt(input.token);
  // Only one live connection per workspace: connecting another organization retires the old one.
  await trx
    .updateTable('partner_connections')
    .set({ status: 'disconnected', token_ciphertext: null, token_key_version: null, updated_at: now })
    .where('workspace_id', '=', input.workspaceId)
    .where('organization_id', '<>', input.organizationId)
    .execute();
  const fields = {
    token_ciphertext: secret.ciphertext,
    token_key_version: secret.keyVersion,
    token_hint: input.token.slice(-4),
    status: 'active' as const,
    last_error: null,
    last_error_code: null,
    consecutive_failures: 0,
    error_notified_at: null,
    connected_by_user_id: input.connectedByUserId,
    time_zone: input.timeZone,
    alerts_channel_id: input.alertsChannelId,
    digest_channel_id: input.digestChannelId,
    digest_weekday: input.digestWeekday,
    digest_hour: input.digestHour,
    next_poll_at: now,
    updated_at: now,
  };
  const before = await trx
    .selectFrom('partner_connections')
    .select('alerts_channel_id')
    .where('workspace_id', '=', input.workspaceId)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
  const row = await trx
    .insertInto('partner_connections')
    .values({ workspace_id: input.workspaceId, organization_id: input.organizationId, alerts_from: now, ...fields })
    .onConflict((oc) => oc.columns(['workspace_id', 'organization_id']).doUpdateSet(fields))
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceTrackedApps(trx, row.id, input.apps);
  // Choosing another alerts channel in the connect modal moves the rules (and alerts held for it) along.
  const previous = before?.alerts_channel_id ?? null;
  if (previous && input.alertsChannelId && previous !== input.alertsChannelId) await repointRoutes(trx, row.id, previous, input.alertsChannelId, now);
  await ensureDefaultRoute(trx, row.id, input.alertsChannelId);
  if (input.enterpriseId !== undefined) await recordWorkspaceEnterprise(trx, input.workspaceId, input.enterpriseId, now);
  return toConnection(row);
}

/** Tracks exactly these apps; apps dropped from the list keep their history but stop syncing. */
export async function replaceTrackedApps(trx: Transaction<Database>, connectionId: number, apps: TrackedApp[]): Promise<void> {
  await trx.updateTable('tracked_apps').set({ tracked: false }).where('connection_id', '=', connectionId).execute();
  for (const app of apps) {
    await trx
      .insertInto('tracked_apps')
      .values({ connection_id: connectionId, app_id: app.appId, name: app.name, tracked: true })
      .onConflict((oc) => oc.columns(['connection_id', 'app_id']).doUpdateSet({ name: app.name, tracked: true }))
      .execute();
  }
}

export async function listTrackedApps(db: Db, connectionId: number): Promise<TrackedApp[]> {
  const rows = await db
    .selectFrom('tracked_apps')
    .select(['app_id', 'name'])
    .where('connection_id', '=', connectionId)
    .where('tracked', '=', true)
    .orderBy('added_at')
    .orderBy('app_id')
    .execute();
  return rows.map((r) => ({ appId: r.app_id, name: r.name }));
}

/** The decrypted Partner token, for the one call that needs it; null once disconnected. */
export async function readPartnerToken(db: Db, cipher: TokenCipher, connectionId: number): Promise<string | null> {
  const row = await db
    .selectFrom('partner_connections')
    .select(['token_ciphertext', 'token_key_version'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row?.token_ciphertext || !row.token_key_version) return null;
  return cipher.decrypt({ ciphertext: row.token_ciphertext, keyVersion: row.token_key_version });
}

/** Deletes the token at once and stops polling and alerts; the imported history stays. */
export async function disconnectWorkspace(db: Db, workspaceId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('partner_connections')
    .set({ status: 'disconnected', token_ciphertext: null, token_key_version: null, poll_lease_owner: null, poll_lease_until: null, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', 'disconnected')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Re-encrypts every token made with an older key under the current one (key rotation). */
export async function reencryptTokens(db: Kysely<Database>, cipher: TokenCipher): Promise<number> {
  const stale = await db
    .selectFrom('partner_connections')
    .select(['id', 'token_ciphertext', 'token_key_version'])
    .where('token_key_version', '<>', cipher.currentKeyVersion)
    .execute();
  for (const row of stale) {
    const token = cipher.decrypt({ ciphertext: row.token_ciphertext!, keyVersion: row.token_key_version! });
    const secret = cipher.encrypt(token);
    await db
      .updateTable('partner_connections')
      .set({ token_ciphertext: secret.ciphertext, token_key_version: secret.keyVersion })
      .where('id', '=', row.id)
      .where('token_key_version', '=', row.token_key_version)
      .execute();
  }
  return stale.length;
}

/** How many connections are in each status; a status without connections is 0. */
export async function countConnectionsByStatus(db: Kysely<Database>): Promise<Record<ConnectionStatus, number>> {
  const rows = await db
    .selectFrom('partner_connections')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<ConnectionStatus, number> = { active: 0, error: 0, disconnected: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
