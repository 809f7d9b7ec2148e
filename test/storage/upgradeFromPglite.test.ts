import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalKey } from '../../src/crypto/localKey.ts';
import { createTokenCipher } from '../../src/crypto/tokenCipher.ts';
import { createLogger } from '../../src/logger.ts';
import { readPartnerToken } from '../../src/storage/connections.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { upgradedPgliteDirOf } from '../../src/storage/embedded/upgradeFromPglite.ts';
import { createInstallationStore } from '../../src/storage/installationStore.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';
import { openPglite, pgliteDirOf } from '../../src/storage/pglite/openPglite.ts';
import { FIXTURE_BOT_TOKEN } from '../fixtures/pglite-datadir/facts.ts';
import { PARTNER_TOKEN } from '../helpers/syncHarness.ts';

const ARCHIVE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pglite-datadir', 'datadir.tar.gz');
const DATA_TABLES = [
  'alert_channels', 'alert_outbox', 'app_events', 'charge_intervals', 'digests_sent', 'partner_connections', 'shop_segments',
  'slack_installations', 'state_day_deltas', 'sync_progress', 'test_charges', 'tracked_apps', 'transactions',
] as const;

/** A DATA_DIR exactly as partnerbot left it while its embedded database was PGlite. */
async function oldDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-upgrade-'));
  execFileSync('tar', ['xzf', ARCHIVE, '-C', dir]);
  return dir;
}

async function rowsPerTable(db: Kysely<any>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await sql<{ row: string }>`select to_json(t)::text as row from ${sql.table(table)} t`.execute(db);
    out[table] = rows.map((r) => JSON.parse(r.row) as unknown).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

/**
 * The fixture predates migrations 0010 and 0011: its weekly digest row becomes cadence 'weekly' keyed
 * by period_start, and the connection keeps weekly on with daily and monthly off (and empty days posted).
 */
function withSummaryCadences(rows: Record<string, unknown[]>): Record<string, unknown[]> {
  const before = rows as Record<string, Array<Record<string, unknown>>>;
  return {
    ...before,
    digests_sent: before.digests_sent!.map(({ week_start, ...row }) => ({ ...row, cadence: 'weekly', period_start: week_start })),
    partner_connections: before.partner_connections!.map((row) => ({
      ...row,
      weekly_summary_on: true, weekly_summary_since: null,
      daily_summary_on: false, daily_summary_channel_id: null, daily_summary_hour: 9, daily_summary_since: null, daily_summary_skip_empty: false,
      monthly_summary_on: false, monthly_summary_channel_id: null, monthly_summary_hour: 9, monthly_summary_since: null,
    })),
  };
}

describe('upgrading a DATA_DIR written with the PGlite engine', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('when the bot first starts on it, then every row is in the PostgreSQL server, secrets decrypt, and the old files are kept aside', async () => {
    const reference = await oldDataDir();
    const dataDir = await oldDataDir();
    dirs.push(reference, dataDir);
    const old = await openPglite(pgliteDirOf(reference));
    const before = await rowsPerTable(old.db);
    await old.close();
    expect(before.app_events!.length).toBeGreaterThan(500);
    expect(before.alert_outbox!.length).toBe(3);
    expect(before.digests_sent!.length).toBe(1);

    const logs: string[] = [];
    const logger = createLogger({ level: 'info', sink: (line) => logs.push(line) });
    const upgraded = await openDatabase({ kind: 'embedded', dataDir }, { logger });
    try {
      expect(await rowsPerTable(upgraded.db)).toEqual(withSummaryCadences(before));
      const cipher = createTokenCipher(await loadOrCreateLocalKey(dataDir, logger));
      const [connection] = await upgraded.db.selectFrom('partner_connections').select('id').execute();
      expect(await readPartnerToken(upgraded.db, cipher, Number(connection!.id))).toBe(PARTNER_TOKEN);
      const installation = await createInstallationStore(upgraded.db, cipher).fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      expect(installation.bot?.token).toBe(FIXTURE_BOT_TOKEN);

      // New rows continue after the copied ids instead of colliding with them.
      const maxId = Math.max(...before.app_events!.map((e) => Number((e as { id: number }).id)));
      const inserted = await upgraded.db.insertInto('app_events').values({
        connection_id: connection!.id, app_id: '4242', shop_id: '1', type: 'RELATIONSHIP_INSTALLED', occurred_at: '2026-11-29T00:00:00Z', charge_id: '', raw: '{}', source: 'poll',
      } as never).returning('id').executeTakeFirstOrThrow();
      expect(Number(inserted.id)).toBeGreaterThan(maxId);
    } finally {
      await upgraded.close();
    }
    expect(existsSync(pgliteDirOf(dataDir))).toBe(false);
    expect(existsSync(path.join(upgradedPgliteDirOf(dataDir), 'PG_VERSION'))).toBe(true);
    expect(logs.some((line) => line.includes('Upgraded the embedded database from PGlite to PostgreSQL'))).toBe(true);

    // The next start finds nothing to upgrade and the data as it was.
    const again = await openDatabase({ kind: 'embedded', dataDir }, { logger });
    try {
      expect((await rowsPerTable(again.db)).transactions).toEqual(before.transactions);
    } finally {
      await again.close();
    }
    expect(logs.filter((line) => line.includes('Upgraded the embedded database'))).toHaveLength(1);
  });

  it('when the server already holds other data, then nothing is copied or moved and the start fails with the reason', async () => {
    const dataDir = await oldDataDir();
    dirs.push(dataDir);
    // Park the old files, let a fresh server take other data, then bring them back.
    const parked = `${pgliteDirOf(dataDir)}.parked`;
    execFileSync('mv', [pgliteDirOf(dataDir), parked]);
    const fresh = await openDatabase({ kind: 'embedded', dataDir });
    await migrateToLatest(fresh.db);
    await fresh.db.insertInto('partner_connections').values({ workspace_id: 'T9', organization_id: '9', connected_by_user_id: 'U9' }).execute();
    await fresh.close();
    execFileSync('mv', [parked, pgliteDirOf(dataDir)]);

    await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(/hold data, and they differ/);
    expect(existsSync(path.join(pgliteDirOf(dataDir), 'PG_VERSION'))).toBe(true);
    const server = await openDatabase({ kind: 'embedded', dataDir: await parkAgain(dataDir) });
    try {
      expect(await server.db.selectFrom('partner_connections').select('workspace_id').execute()).toEqual([{ workspace_id: 'T9' }]);
    } finally {
      await server.close();
    }
  });
});

/** Moves the PGlite files out of the way so the server's own data can be read back. */
async function parkAgain(dataDir: string): Promise<string> {
  execFileSync('mv', [pgliteDirOf(dataDir), `${pgliteDirOf(dataDir)}.parked`]);
  return dataDir;
}
