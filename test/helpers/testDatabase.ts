import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger.ts';
import { openServer, type DatabaseHandle } from '../../src/storage/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/storage/embedded/embeddedPostgres.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';
import { createScratchServerDatabase } from './scratchServerDatabase.ts';

export type Backend = 'embedded' | 'postgres';

/** Set by test/globalSetup.ts: the administrative URL of the embedded server every test file shares. */
export const EMBEDDED_TEST_SERVER_ENV = 'PARTNERBOT_TEST_EMBEDDED_ADMIN_URL';

/** The embedded PostgreSQL server always; an external PostgreSQL server too when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

/** A test database; it also says its URL, so a second "process" can open it. */
export type TestDatabase = DatabaseHandle & { url: string };

/** A migrated database of its own for one test file (or one test), on the given backend. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  const scratch = await createScratchServerDatabase(await testAdminUrl(backend));
  const handle = openServer(scratch.url, {}, 10);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    kind: backend === 'embedded' ? 'embedded' : 'server',
    url: scratch.url,
    close: async () => {
      await handle.close();
      await scratch.dispose();
    },
  };
}

/**
 * Starts an embedded server in a scratch DATA_DIR, as the bot does, with room for the sessions of
 * two test workers (each test database has a pool of its own). Stopped by whoever started it.
 */
export async function startTestEmbeddedServer(): Promise<EmbeddedPostgres & { dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, logger: createLogger({ level: 'warn' }), settings: { max_connections: '200' } });
  return {
    ...server,
    dispose: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let ownServer: Promise<EmbeddedPostgres & { dispose(): Promise<void> }> | null = null;

/** An administrative connection to the backend's server (to create databases, end sessions). */
export async function testAdminUrl(backend: Backend): Promise<string> {
  return backend === 'embedded' ? embeddedAdminUrl() : process.env.TEST_DATABASE_URL!;
}

/** Under vitest the global setup's server; in a bench, one started on first use and stopped at exit. */
async function embeddedAdminUrl(): Promise<string> {
  const shared = process.env[EMBEDDED_TEST_SERVER_ENV];
  if (shared) return shared;
  if (!ownServer) {
    ownServer = startTestEmbeddedServer();
    const server = await ownServer;
    process.once('beforeExit', () => void server.dispose());
  }
  return (await ownServer).adminUrl;
}
