import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import type { Database } from '../schema.ts';
import { maintenanceDue, type TableActivity, type TableMaintenance } from './autovacuumPolicy.ts';

interface ActivityRow {
  table: string;
  live: string;
  dead: string;
  inserted: string;
  modified: string;
  has_statistics: boolean;
}

export async function readTableActivity(db: Kysely<Database>): Promise<TableActivity[]> {
  // A session sends its counts to the statistics at most once a second; the embedded database is one
  // session, so have it send the latest before reading them.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<ActivityRow>`
    select s.relname as table, s.n_live_tup::text as live, s.n_dead_tup::text as dead,
      s.n_ins_since_vacuum::text as inserted, s.n_mod_since_analyze::text as modified,
      exists (select 1 from pg_statistic p where p.starelid = s.relid) as has_statistics
    from pg_stat_user_tables s
    where s.schemaname = 'public'
    order by s.relname`.execute(db);
  return rows.map((r) => ({
    table: r.table,
    liveRows: Number(r.live),
    deadRows: Number(r.dead),
    insertedSinceVacuum: Number(r.inserted),
    modifiedSinceAnalyze: Number(r.modified),
    hasStatistics: r.has_statistics,
  }));
}

/**
 * Vacuums and analyzes the embedded database's tables that autovacuum would (see autovacuumPolicy),
 * one table at a time so other queries wait for one table at most. A PostgreSQL server does this
 * itself; only the embedded database needs it. Returns what it did.
 */
export async function maintainEmbeddedDatabase(db: Kysely<Database>, logger: Logger): Promise<TableMaintenance[]> {
  const due = maintenanceDue(await readTableActivity(db));
  for (const item of due) {
    const started = performance.now();
    const table = sql.table(item.table);
    await (item.vacuum ? sql`vacuum ${sql.raw(item.analyze ? '(analyze) ' : '')}${table}` : sql`analyze ${table}`).execute(db);
    logger.info('Maintained an embedded database table', { table: item.table, vacuum: item.vacuum, ms: Math.round(performance.now() - started) });
  }
  return due;
}
