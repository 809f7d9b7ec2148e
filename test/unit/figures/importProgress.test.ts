import { describe, expect, it } from 'vitest';
import { formatPercent, importState } from '../../../src/figures/importProgress.ts';
import type { ImportProgressRow } from '../../../src/storage/importProgress.ts';

const UPPER = '2026-11-01T00:00:00.000000Z';
const row = (change: Partial<ImportProgressRow>): ImportProgressRow => ({
  appId: '1', stream: 'events', backfillUpper: UPPER, backfillOldest: null, backfillComplete: false, historyStart: '2026-01-01T00:00:00.000000Z', ...change,
});

describe('importState', () => {
  it.each<[string, ImportProgressRow[], number, { complete: boolean; fraction: number | null }]>([
    ['no rows yet, start unknown', [], 2, { complete: false, fraction: null }],
    ['both streams complete', [row({ backfillComplete: true }), row({ stream: 'transactions', backfillComplete: true })], 2, { complete: true, fraction: 1 }],
    ['nothing imported yet', [row({}), row({ stream: 'transactions' })], 2, { complete: false, fraction: 0 }],
    // 2026-01-01..2026-11-01 is 304 days; 2026-06-02 leaves 152 days covered: half.
    ['events half way, transactions done', [row({ backfillOldest: '2026-06-02T00:00:00.000000Z' }), row({ stream: 'transactions', backfillComplete: true })], 2, { complete: false, fraction: 0.75 }],
    ['one stream not started (no row) counts as 0', [row({ backfillComplete: true })], 2, { complete: false, fraction: 0.5 }],
    ['imported everything but not marked complete never says 100%', [row({ backfillOldest: '2026-01-01T00:00:00.000000Z' })], 1, { complete: false, fraction: 0.99 }],
    ['the known stream done but the other of unknown start still going', [row({ backfillComplete: true }), row({ stream: 'transactions', historyStart: null })], 2, { complete: false, fraction: null }],
  ])('when %s, then %j', (_name, rows, expected, state) => {
    expect(importState(rows, expected)).toEqual(state);
  });
});

describe('formatPercent', () => {
  it.each([[0, '0%'], [0.755, '75%'], [0.999, '99%'], [1, '100%']])('%d is %s', (fraction, text) => {
    expect(formatPercent(fraction)).toBe(text);
  });
});
