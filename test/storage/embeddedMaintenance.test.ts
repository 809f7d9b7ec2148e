import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { insertEvents } from '../../src/storage/events.ts';
import { maintainEmbeddedDatabase, readTableActivity } from '../../src/storage/maintenance/maintainEmbedded.ts';
import { createConnection } from '../helpers/figureData.ts';
import { openTestDatabase } from '../helpers/testDatabase.ts';
import { ev } from '../unit/metrics/fixtures.ts';

// Only the embedded database runs this job: a PostgreSQL server's own autovacuum does the same there
// (and would race a test of it).
describe('maintaining the embedded database (PGlite has no autovacuum)', () => {
  let database: DatabaseHandle;
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const connectionId = await createConnection(database.db);
    // 3,000 events of 1,000 shops in pages of 100, as a history import stores them: the shops'
    // segments are rewritten page after page, leaving dead rows behind.
    for (let page = 0; page < 30; page++) {
      const events = Array.from({ length: 100 }, (_, i) => {
        const n = page * 100 + i;
        const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
        return n % 3 === 2 ? ev('UNINSTALLED', at, { shop: String(n % 1000) }) : ev('INSTALLED', at, { shop: String(n % 1000) });
      });
      await database.db.transaction().execute((trx) => insertEvents(trx, events.map((event) => ({ event, raw: {} })), { connectionId, source: 'backfill', alerts: null }));
    }
  });
  afterAll(async () => database?.close());

  const activity = async (table: string) => (await readTableActivity(database.db)).find((t) => t.table === table)!;
  const stats = async (table: string) =>
    (await sql<{ last_vacuum: string | null; last_analyze: string | null; dead: string }>`
      select last_vacuum, last_analyze, n_dead_tup::text as dead from pg_stat_user_tables where relname = ${table}`.execute(database.db)).rows[0]!;

  it('when an import has stored events, then nothing has vacuumed or analyzed them on its own', async () => {
    expect(await activity('app_events')).toMatchObject({ insertedSinceVacuum: 3000, hasStatistics: false });
    expect(Number((await stats('shop_segments')).dead)).toBeGreaterThan(0);
  });

  it('when the maintenance job runs, then the tables autovacuum would take are vacuumed and analyzed, and say so in the log', async () => {
    const done = await maintainEmbeddedDatabase(database.db, logger);
    expect(done).toContainEqual({ table: 'app_events', vacuum: true, analyze: true });
    expect(done.map((d) => d.table)).toContain('shop_segments');
    expect(await stats('app_events')).toMatchObject({ last_vacuum: expect.any(String), last_analyze: expect.any(String) });
    expect(await stats('shop_segments')).toMatchObject({ dead: '0' });
    expect(await activity('app_events')).toMatchObject({ insertedSinceVacuum: 0, hasStatistics: true });
    expect(logs.some((line) => line.includes('"table":"app_events"'))).toBe(true);
  });

  it('when it runs again with nothing changed, then it does nothing', async () => {
    expect(await maintainEmbeddedDatabase(database.db, logger)).toEqual([]);
  });
});
