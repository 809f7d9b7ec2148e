import type { ImportProgressRow } from '../storage/importProgress.ts';

export interface ImportState {
  /** Every tracked stream has imported its whole history. */
  complete: boolean;
  /** 0..1, or null when no stream's history start is known. */
  fraction: number | null;
}

/**
 * How far the history import has come. The Partner API gives no totals, so each stream's share is
 * the time it has covered: (backfill_upper − backfill_oldest) / (backfill_upper − history_start),
 * history_start being the stream's oldest record. Streams are averaged with equal weight; a
 * stream whose start is unknown counts only once it is complete.
 */
export function importState(rows: ImportProgressRow[], expectedStreams: number): ImportState {
  const complete = rows.length >= expectedStreams && rows.every((r) => r.backfillComplete);
  if (complete) return { complete: true, fraction: 1 };
  const fractions: number[] = [];
  for (const row of rows) {
    if (row.backfillComplete) {
      fractions.push(1);
      continue;
    }
    const upper = row.backfillUpper ? Date.parse(row.backfillUpper) : NaN;
    const start = row.historyStart ? Date.parse(row.historyStart) : NaN;
    if (Number.isNaN(upper) || Number.isNaN(start)) continue;
    if (upper <= start) {
      fractions.push(row.backfillOldest ? 1 : 0);
      continue;
    }
    const oldest = row.backfillOldest ? Date.parse(row.backfillOldest) : upper;
    fractions.push(Math.min(1, Math.max(0, (upper - oldest) / (upper - start))));
  }
  // Streams not started yet (no row) count as 0 %, so the figure never jumps backwards.
  const missing = Math.max(0, expectedStreams - rows.length);
  const known = fractions.length + missing;
  if (fractions.every((f) => f === 1) && fractions.length < rows.length) return { complete: false, fraction: null };
  if (fractions.length === 0) return { complete: false, fraction: null };
  const mean = fractions.reduce((sum, f) => sum + f, 0) / known;
  // Never show 100 % while something is still importing.
  return { complete: false, fraction: Math.min(mean, 0.99) };
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}
