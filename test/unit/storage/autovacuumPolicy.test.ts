import { describe, expect, it } from 'vitest';
import { maintenanceDue, type TableActivity } from '../../../src/storage/maintenance/autovacuumPolicy.ts';

const table = (activity: Partial<TableActivity>): TableActivity => ({
  table: 'app_events',
  liveRows: 10_000,
  deadRows: 0,
  insertedSinceVacuum: 0,
  modifiedSinceAnalyze: 0,
  hasStatistics: true,
  ...activity,
});

describe('maintenanceDue: PostgreSQL autovacuum defaults for the embedded database', () => {
  it.each([
    ['a quiet analyzed table', {}, null],
    ['dead rows just under 50 + 20% of live rows', { deadRows: 2050 }, null],
    ['dead rows over 50 + 20% of live rows (segments rewritten at ingest)', { deadRows: 2051 }, { vacuum: true, analyze: false }],
    ['inserts over 1000 + 20% of live rows (an import page after page)', { insertedSinceVacuum: 3001 }, { vacuum: true, analyze: false }],
    ['changes over 50 + 10% of live rows since the last analyze', { modifiedSinceAnalyze: 1051 }, { vacuum: false, analyze: true }],
    ['a table with rows but no statistics (never analyzed)', { hasStatistics: false }, { vacuum: false, analyze: true }],
    ['an empty table without statistics', { liveRows: 0, hasStatistics: false }, null],
    ['a freshly imported table', { liveRows: 5000, insertedSinceVacuum: 5000, modifiedSinceAnalyze: 5000, hasStatistics: false }, { vacuum: true, analyze: true }],
  ])('when %s, then the decision is %j', (_name, activity, expected) => {
    const due = maintenanceDue([table(activity)]);
    expect(due).toEqual(expected ? [{ table: 'app_events', ...expected }] : []);
  });

  it('when several tables are due, then each is listed once, in the order given', () => {
    const due = maintenanceDue([table({ table: 'shop_segments', deadRows: 9000 }), table({ table: 'sync_progress' }), table({ table: 'app_events', hasStatistics: false })]);
    expect(due.map((d) => d.table)).toEqual(['shop_segments', 'app_events']);
  });
});
