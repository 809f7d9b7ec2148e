import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError, errorMessage } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { migrateToLatest } from '../migrator.ts';
import { openPglite, pgliteDirOf } from '../pglite/openPglite.ts';
import type { Database } from '../schema.ts';

type AnyDb = Kysely<any>;
const PAGE_ROWS = 2000;
/** Written by the migrator on each side; not data. */
const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Where the PGlite files go once their copy is verified: kept, not deleted, until the operator does. */
export function upgradedPgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pgdata-pglite-before-upgrade');
}

/**
 * A DATA_DIR written by partnerbot up to November 2026 holds a PGlite database (DATA_DIR/pgdata). On
 * the first start with the embedded PostgreSQL server, every row of it (history, connections and their
 * encrypted tokens, Slack installations, the alert outbox, digests) is copied into the server in one
 * transaction, and the copy is checked table by table (row count and a hash of every row) before it
 * commits. Only then are the old files moved aside. A failure leaves both databases as they were and
 * stops the start with the reason; the next start tries again.
 */
export async function upgradeFromPglite(options: { dataDir: string; db: Kysely<Database>; logger: Logger }): Promise<void> {
  const { dataDir, db, logger } = options;
  const oldDir = pgliteDirOf(dataDir);
  if (!existsSync(path.join(oldDir, 'PG_VERSION'))) return;
  logger.info('Found the database of an earlier partnerbot (PGlite); copying it into the embedded PostgreSQL server', { from: oldDir });
  const started = Date.now();
  const source = await openPglite(oldDir);
  let copied: Map<string, Fingerprint>;
  try {
    // Both sides on today's migrations: one schema, so every row fits its table as it is.
    await migrateToLatest(source.db);
    await migrateToLatest(db);
    const tables = await dataTables(source.db);
    const expected = await fingerprints(source.db, tables);
    const already = await fingerprints(db, tables);
    if (sameData(expected, already)) {
      copied = already; // copied and committed before, but the old files were not moved: finish that
    } else if ([...already.values()].some((f) => f.rows > 0)) {
      throw new AppError(
        'embedded_database_upgrade_failed',
        `Both ${oldDir} (PGlite, from an earlier partnerbot) and the embedded PostgreSQL server hold data, and they differ. ` +
          'Nothing was changed. Move one of them out of DATA_DIR, then start again.',
      );
    } else {
      copied = await db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx); // rows arrive in table order, not FK order
        for (const table of tables) await copyTable(source.db, trx, table);
        await sql`set local session_replication_role = origin`.execute(trx);
        await resetIdentities(trx, tables);
        const written = await fingerprints(trx, tables);
        const differing = tables.filter((t) => !sameFingerprint(expected.get(t)!, written.get(t)!));
        if (differing.length > 0) {
          throw new AppError('embedded_database_upgrade_failed', `The copy of ${differing.join(', ')} does not match the PGlite database; nothing was changed.`);
        }
        return written;
      });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('embedded_database_upgrade_failed', `Could not copy the PGlite database in ${oldDir} into the embedded PostgreSQL server: ${errorMessage(error)}. Nothing was deleted; the next start tries again.`, { cause: error });
  } finally {
    await source.close();
  }
  const keptAt = upgradedPgliteDirOf(dataDir);
  await rename(oldDir, keptAt);
  const rows = Object.fromEntries([...copied].map(([table, f]) => [table, f.rows]));
  logger.info('Upgraded the embedded database from PGlite to PostgreSQL: every row copied and verified. The old files are kept and may be deleted', {
    keptAt, seconds: Math.round((Date.now() - started) / 100) / 10, rows,
  });
}

async function dataTables(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name).filter((name) => !SKIPPED_TABLES.has(name));
}

/** Pages in physical order (ctid), as JSON rows: every column keeps its exact value and type. */
async function copyTable(source: AnyDb, target: Transaction<Database>, table: string): Promise<void> {
  const name = sql.table(table);
  let after = '(0,0)';
  for (;;) {
    const { rows } = await sql<{ at: string; row: string }>`
      select ctid::text as at, to_json(t)::text as row from ${name} t
      where ctid > ${after}::tid order by ctid limit ${PAGE_ROWS}`.execute(source);
    if (rows.length === 0) return;
    const json = `[${rows.map((r) => r.row).join(',')}]`;
    await sql`insert into ${name} overriding system value select * from json_populate_recordset(null::${name}, ${json}::json)`.execute(target);
    after = rows[rows.length - 1]!.at;
  }
}

/** Identity columns continue after the copied ids, as they did in the old database. */
async function resetIdentities(trx: Transaction<Database>, tables: string[]): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and is_identity = 'YES'`.execute(trx);
  for (const { table_name: table, column_name: column } of rows.filter((r) => tables.includes(r.table_name))) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), max(${sql.ref(column)}))
              from ${sql.table(table)} having max(${sql.ref(column)}) is not null`.execute(trx);
  }
}

interface Fingerprint {
  rows: number;
  hash: string;
}

/** Row count and an order-free sum of every row's md5: equal on both sides only if every row is. */
async function fingerprints(db: AnyDb, tables: string[]): Promise<Map<string, Fingerprint>> {
  const result = new Map<string, Fingerprint>();
  for (const table of tables) {
    const { rows } = await sql<{ rows: string; hash: string }>`
      select count(*)::text as rows,
             coalesce(sum(('x' || left(md5(to_json(t)::text), 15))::bit(60)::bigint::numeric), 0)::text as hash
      from ${sql.table(table)} t`.execute(db);
    result.set(table, { rows: Number(rows[0]!.rows), hash: rows[0]!.hash });
  }
  return result;
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.rows === b.rows && a.hash === b.hash;
}

function sameData(a: Map<string, Fingerprint>, b: Map<string, Fingerprint>): boolean {
  return [...a].every(([table, f]) => b.has(table) && sameFingerprint(f, b.get(table)!)) && [...a.values()].some((f) => f.rows > 0);
}
