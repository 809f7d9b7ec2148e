import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';
import { createScratchServerDatabase } from '../helpers/scratchServerDatabase.ts';
import { testAdminUrl, testBackends } from '../helpers/testDatabase.ts';

describe.each(testBackends())('losing server connections on %s', (backend) => {
  let handle: DatabaseHandle | undefined;
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await handle?.close();
    await dispose?.();
  });

  it('when the server terminates an idle connection, then the process survives, is told, and the next query reconnects', async () => {
    const adminUrl = await testAdminUrl(backend);
    const scratch = await createScratchServerDatabase(adminUrl);
    dispose = scratch.dispose;
    const dropped: Error[] = [];
    handle = await openDatabase({ kind: 'server', url: scratch.url }, { onIdleConnectionError: (e) => dropped.push(e) });
    await handle.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();

    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [new URL(scratch.url).pathname.slice(1)]);
    await admin.end();

    await expect.poll(() => dropped.length).toBeGreaterThan(0);
    expect(await handle.db.selectNoFrom((eb) => eb.val(2).as('two')).execute()).toHaveLength(1);
  });
});
