import { Kysely } from 'kysely';
import path from 'node:path';
import type { DatabaseHandle } from '../database.ts';
import type { Database } from '../schema.ts';
import { textParsers } from '../typeParsers.ts';
import { PGliteDialect } from './pgliteDialect.ts';

/** Where partnerbot up to November 2026 kept its embedded PGlite database inside DATA_DIR. */
export function pgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/**
 * Opens a PGlite data directory, the embedded engine partnerbot used before its embedded PostgreSQL
 * server: read once to upgrade an old DATA_DIR, and by the footprint bench to compare the engines.
 * PGlite is imported only here, so a bot that never opens one never loads its WebAssembly.
 */
export async function openPglite(directory: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir: directory, parsers: textParsers });
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'embedded', close: () => db.destroy() };
}
