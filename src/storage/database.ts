import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createLogger, type Logger } from '../logger.ts';
import { lockDataDir } from './dataDirLock.ts';
import { startEmbeddedPostgres } from './embedded/embeddedPostgres.ts';
import { upgradeFromPglite } from './embedded/upgradeFromPglite.ts';
import type { Database } from './schema.ts';
import { textParsers } from './typeParsers.ts';

export type DatabaseTarget =
  | { kind: 'server'; url: string }
  /** A PostgreSQL server that partnerbot runs itself, from npm-packaged binaries, in DATA_DIR. */
  | { kind: 'embedded'; dataDir: string };

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Where the embedded server says what it does (start, upgrade, orphan); warnings to stdout if unset. */
  logger?: Logger;
  /** Told when the server drops an idle connection (restart, admin command); the pool reconnects. */
  onIdleConnectionError?: (error: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (target.kind === 'server') return openServer(target.url, options, 10);
  return openEmbedded(target.dataDir, options);
}

/**
 * One pool per process. On a shared server 10 sessions let commands, polls and alerts run side by
 * side; the embedded server serves only this bot on a small machine, where 2 do (each session is a
 * PostgreSQL process of its own, 15-30 MB).
 */
export function openServer(url: string, options: OpenOptions, maxSessions: number, idleSessionMs = 10_000): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxSessions,
    idleTimeoutMillis: idleSessionMs,
    // Every session in UTC, so timestamptz text always parses the same way.
    options: '-c TimeZone=UTC',
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        textParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener, pg re-throws an idle client's error (the server restarted or terminated the
  // session) and the process dies; the pool has already discarded that client and will reconnect.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  // The pool listens to a session's errors only while it is idle. One that fails while checked out
  // between two queries (the server restarts mid-transaction) would emit an 'error' nobody hears,
  // and that ends the process. The failure still reaches the query that uses the session next, and
  // the pool discards a broken session when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'server', close: () => db.destroy() };
}

async function openEmbedded(dataDir: string, options: OpenOptions): Promise<DatabaseHandle> {
  const logger = options.logger ?? createLogger({ level: 'warn' });
  const lock = await lockDataDir(dataDir);
  const stack: (() => Promise<void>)[] = [() => lock.release()];
  const unwind = async () => {
    for (const step of stack.reverse()) await step().catch(() => undefined);
  };
  try {
    const server = await startEmbeddedPostgres({ dataDir, logger });
    stack.push(() => server.stop());
    // A session left idle for 2 s ends: a quiet bot keeps one PostgreSQL process, or two.
    const handle = openServer(server.url, options, 2, 2_000);
    stack.push(() => handle.close());
    await upgradeFromPglite({ dataDir, db: handle.db, logger });
    return { db: handle.db, kind: 'embedded', close: unwind };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** True when the database answers a query: what /healthz reports. */
export async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  return (await sql`select 1 as ok`.execute(db)).rows.length === 1;
}
