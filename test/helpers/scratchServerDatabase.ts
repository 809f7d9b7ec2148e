import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server benches may use (an administrative URL), if one is configured. */
export function benchServerUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
}

/** A fresh, empty database on that server for one test file or bench run, dropped by dispose(). */
export async function createScratchServerDatabase(adminUrl: string): Promise<{ url: string; dispose: () => Promise<void> }> {
  const name = `partnerbot_scratch_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
