import { sql, type Migration, type MigrationProvider } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listRoutes } from '../../../src/storage/alertRoutes.ts';
import { openServer, type DatabaseHandle } from '../../../src/storage/database.ts';
import { migrateToLatest, SqlFileMigrationProvider } from '../../../src/storage/migrator.ts';
import { createScratchServerDatabase } from '../../helpers/scratchServerDatabase.ts';
import { testAdminUrl, testBackends } from '../../helpers/testDatabase.ts';

/** The migrations up to and including `last`: a database as an older release left it. */
function upTo(last: string): MigrationProvider {
  return {
    async getMigrations() {
      const all = await new SqlFileMigrationProvider().getMigrations();
      return Object.fromEntries(Object.entries(all).filter(([name]) => name <= last)) as Record<string, Migration>;
    },
  };
}

describe.each(testBackends())('alert routing migration on %s', (backend) => {
  let handle: DatabaseHandle | null = null;
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await handle?.close();
    await dispose?.();
  });

  it('when a database from before routing rules is upgraded, then each connection routes everything to its alerts channel', async () => {
    const scratch = await createScratchServerDatabase(await testAdminUrl(backend));
    dispose = scratch.dispose;
    handle = openServer(scratch.url, {}, 2);
    await migrateToLatest(handle.db, upTo('0007_enterprise_installs'));
    await sql`INSERT INTO partner_connections (workspace_id, organization_id, connected_by_user_id, time_zone, alerts_channel_id)
      VALUES ('T1', '1234', 'U1', 'UTC', 'C0OLDALERTS'), ('T2', '5678', 'U2', 'UTC', NULL)`.execute(handle.db);

    await migrateToLatest(handle.db);

    const connections = await handle.db.selectFrom('partner_connections').select(['id', 'workspace_id']).orderBy('workspace_id').execute();
    expect(await listRoutes(handle.db, connections[0]!.id)).toMatchObject([
      { position: 1, scope: 'all', kinds: [], appId: null, channelId: 'C0OLDALERTS', paying: false, min: null, mention: null },
    ]);
    expect(await listRoutes(handle.db, connections[1]!.id)).toEqual([]);
  });
});
