/**
 * Embedded PGlite runs PostgreSQL as a single session with no autovacuum launcher, so nothing ever
 * vacuums or analyzes its tables: dead rows pile up (shop_segments is rewritten on every ingest) and
 * the planner keeps guessing with default statistics. This is autovacuum's decision with PostgreSQL's
 * default settings, made by partnerbot instead.
 */

/** What pg_stat_user_tables says of one table since it was last vacuumed / analyzed. */
export interface TableActivity {
  table: string;
  liveRows: number;
  deadRows: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
  /** False when the table has no column statistics at all (never analyzed, or since a restart lost them). */
  hasStatistics: boolean;
}

export interface TableMaintenance {
  table: string;
  vacuum: boolean;
  analyze: boolean;
}

// PostgreSQL's defaults: autovacuum_vacuum_threshold / _scale_factor, autovacuum_vacuum_insert_threshold /
// _scale_factor, autovacuum_analyze_threshold / _scale_factor.
const VACUUM = { threshold: 50, scale: 0.2 };
const VACUUM_INSERTS = { threshold: 1000, scale: 0.2 };
const ANALYZE = { threshold: 50, scale: 0.1 };

/** The tables due for VACUUM and/or ANALYZE, in the order given; tables with nothing due are left out. */
export function maintenanceDue(tables: readonly TableActivity[]): TableMaintenance[] {
  const due: TableMaintenance[] = [];
  for (const t of tables) {
    const over = (count: number, rule: { threshold: number; scale: number }) => count > rule.threshold + rule.scale * t.liveRows;
    // Vacuuming after inserts sets the visibility map, so index-only scans can skip the table itself.
    const vacuum = over(t.deadRows, VACUUM) || over(t.insertedSinceVacuum, VACUUM_INSERTS);
    const analyze = over(t.modifiedSinceAnalyze, ANALYZE) || (!t.hasStatistics && t.liveRows > 0);
    if (vacuum || analyze) due.push({ table: t.table, vacuum, analyze });
  }
  return due;
}
