import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalKey, LOCAL_KEY_FILE } from '../../src/crypto/localKey.ts';
import { createLogger } from '../../src/logger.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';

describe('embedded PostgreSQL server in DATA_DIR', () => {
  let dataDir: string;
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('when a second handle opens the same DATA_DIR, then it gets a clear error and the first keeps working', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-data-'));
    const first = await openDatabase({ kind: 'embedded', dataDir });
    await migrateToLatest(first.db);
    await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(/Another partnerbot process .* is using the embedded database/);
    await first.db.insertInto('partner_connections').values({ workspace_id: 'T1', organization_id: '1', connected_by_user_id: 'U1' }).execute();
    await first.close();

    const reopened = await openDatabase({ kind: 'embedded', dataDir });
    const rows = await reopened.db.selectFrom('partner_connections').select('workspace_id').execute();
    expect(rows).toEqual([{ workspace_id: 'T1' }]); // data survived the restart
    await reopened.close();
  });

  it('when the server process dies under a running bot, then it is started again and queries work once more', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-data-'));
    const logs: string[] = [];
    const handle = await openDatabase({ kind: 'embedded', dataDir }, { logger: createLogger({ level: 'info', sink: (l) => logs.push(l) }) });
    try {
      await migrateToLatest(handle.db);
      await handle.db.insertInto('partner_connections').values({ workspace_id: 'T1', organization_id: '1', connected_by_user_id: 'U1' }).execute();
      const pid = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => logs.some((l) => l.includes('stopped unexpectedly; starting it again')), { timeout: 10_000 }).toBe(true);
      await expect
        .poll(async () => handle.db.selectFrom('partner_connections').select('workspace_id').execute().catch(() => null), { timeout: 30_000, interval: 200 })
        .toEqual([{ workspace_id: 'T1' }]);
      const restarted = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      expect(restarted).not.toBe(pid);
    } finally {
      await handle.close();
    }
  });

  it('when no key is configured, then one is generated once with mode 0600 and its value is never logged', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-key-'));
    const logs: string[] = [];
    const logger = createLogger({ level: 'debug', sink: (l) => logs.push(l) });
    const key = await loadOrCreateLocalKey(dataDir, logger);
    const again = await loadOrCreateLocalKey(dataDir, logger);
    expect(again.equals(key)).toBe(true);
    expect((await stat(path.join(dataDir, LOCAL_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('Generated a token encryption key');
    expect(logs[0]).not.toContain(key.toString('base64'));
  });
});
