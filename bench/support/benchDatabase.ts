import type { DatabaseHandle } from '../../src/storage/database.ts';
import { benchServerUrl } from '../../test/helpers/scratchServerDatabase.ts';
import { openTestDatabase } from '../../test/helpers/testDatabase.ts';
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
  if (!benchServerUrl()) throw new Error('The postgres backend needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  // The same scratch database the tests use, on the bench's server.
  process.env.TEST_DATABASE_URL ??= benchServerUrl();
  return openTestDatabase('postgres');
}
