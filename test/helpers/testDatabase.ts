import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';
import { MIGRATIONS_DIR, migrateToLatest } from '../../src/storage/migrator.ts';
import { PGliteDialect } from '../../src/storage/pgliteDialect.ts';
import { textParsers } from '../../src/storage/typeParsers.ts';
import { createScratchServerDatabase } from './scratchServerDatabase.ts';
import { Kysely } from 'kysely';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; a real PostgreSQL server too when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A test database; on a server it also says its URL, so a second "process" can open it. */
export type TestDatabase = DatabaseHandle & { url?: string };

/** A migrated database of its own for one test file (or one test), on the given backend. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const handle = await openDatabase({ kind: 'memory', fromDump: await migratedTemplate() });
    await migrateToLatest(handle.db); // a no-op unless the template predates a migration
    return handle;
  }
  return openFreshServerDatabase();
}

async function openFreshServerDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchServerDatabase(process.env.TEST_DATABASE_URL!);
  const handle = await openDatabase({ kind: 'server', url: scratch.url });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: scratch.url,
    close: async () => {
      await handle.close();
      await scratch.dispose();
    },
  };
}

/**
 * Creating a PGlite database runs initdb (3-8 s); loading a dump takes about 1 s. So the migrated
 * schema is dumped once per set of migrations and every test database starts from that dump.
 */
export async function migratedTemplate(): Promise<Blob> {
  const file = await templatePath();
  if (!existsSync(file)) await buildTemplate(file);
  return new Blob([await readFile(file)]);
}

export async function buildTemplate(file?: string): Promise<string> {
  const target = file ?? (await templatePath());
  if (existsSync(target)) return target;
  const pglite = await PGlite.create({ parsers: textParsers });
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
  await rename(temporary, target); // atomic: a parallel worker never reads half a file
  return target;
}

async function templatePath(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await readdir(MIGRATIONS_DIR)).sort()) {
    hash.update(file).update(await readFile(path.join(MIGRATIONS_DIR, file)));
  }
  return path.join(os.tmpdir(), `partnerbot-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}
