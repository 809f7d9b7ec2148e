import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';
import { benchServerUrl, createScratchServerDatabase } from '../../test/helpers/scratchServerDatabase.ts';
import { openScratchDatabase } from './scratchDataDir.ts';

/**
 * Where a bench stores its data: `embedded` is the bot's default, the PostgreSQL server it runs
 * itself in a scratch DATA_DIR; `postgres` a fresh database on the server of BENCH_DATABASE_URL or
 * TEST_DATABASE_URL.
 */
export type BenchBackend = 'embedded' | 'postgres';

/** The embedded server always; a PostgreSQL server too when one is configured. */
export function benchBackends(): BenchBackend[] {
  return benchServerUrl() ? ['embedded', 'postgres'] : ['embedded'];
}

/** A migrated, empty database on the backend; close() stops and removes (embedded) or drops (server) it. */
export async function openBenchDatabase(backend: BenchBackend): Promise<DatabaseHandle> {
  if (backend === 'embedded') return openScratchDatabase();
  const adminUrl = benchServerUrl();
  if (!adminUrl) throw new Error('The postgres backend needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const scratch = await createScratchServerDatabase(adminUrl);
  const handle = await openDatabase({ kind: 'server', url: scratch.url });
  const close = async () => {
    try {
      await handle.close();
    } finally {
      await scratch.dispose();
    }
  };
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...handle, close };
}
