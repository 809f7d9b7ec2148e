import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import path from 'node:path';
import { lockDataDir, type DataDirLock } from './dataDirLock.ts';
import { PGliteDialect } from './pgliteDialect.ts';
import type { Database } from './schema.ts';
import { textParsers } from './typeParsers.ts';

export type DatabaseTarget =
  | { kind: 'server'; url: string }
  | { kind: 'embedded'; dataDir: string }
  /** An in-memory embedded database, optionally started from a dumped data dir: tests and benchmarks. */
  | { kind: 'memory'; fromDump?: Blob };

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Told when the server drops an idle connection (restart, admin command); the pool reconnects. */
  onIdleConnectionError?: (error: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (target.kind === 'server') return openServer(target.url, options);
  if (target.kind === 'embedded') return openEmbedded(target.dataDir, undefined);
  return openEmbedded(null, target.fromDump);
}

function openServer(url: string, options: OpenOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Every session in UTC, so timestamptz text is UTC and parses the same way as on PGlite.
    options: '-c TimeZone=UTC',
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        textParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener, pg re-throws an idle client's error (the server restarted or terminated the
  // session) and the process dies; the pool has already discarded that client and will reconnect.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'server', close: () => db.destroy() };
}

async function openEmbedded(dataDir: string | null, fromDump: Blob | undefined): Promise<DatabaseHandle> {
  const lock: DataDirLock | null = dataDir ? await lockDataDir(dataDir) : null;
  try {
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir: path.resolve(dataDir, 'pgdata') } : {}),
      ...(fromDump ? { loadDataDir: fromDump } : {}),
      parsers: textParsers,
    });
    await pglite.exec(`SET TIME ZONE 'UTC'`);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: dataDir ? 'embedded' : 'memory',
      close: async () => {
        await db.destroy();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
