import type { Kysely } from 'kysely';
import { getConnection, listTrackedApps } from '../storage/connections.ts';
import { listImportProgress } from '../storage/importProgress.ts';
import type { Database } from '../storage/schema.ts';
import { primaryCurrencyChart } from './chart/primaryCurrency.ts';
import type { ChartInput } from './chart/types.ts';
import { buildDigestMessage, type DigestMessage } from './views/digestView.ts';
import { formatPercent, importState } from '../figures/importProgress.ts';
import { loadDigestReport, type DigestReport } from './digestReport.ts';
import { storedFigures, type DigestFigureSource } from './figureSource.ts';
import type { Cadence, DigestWeek } from './schedule.ts';

export type RenderChart = (input: ChartInput) => Promise<Buffer>;

export interface BuiltDigest {
  report: DigestReport;
  message: DigestMessage;
  /** The PNG chart; null when there is nothing to draw (no revenue or MRR in 12 weeks). */
  chart: { png: Buffer; filename: string; title: string } | null;
}

export interface BuildDigestInput {
  connectionId: number;
  timeZone: string;
  week: DigestWeek;
  /** 'weekly' (default) or 'monthly': `week` is then a calendar month and the chart shows 12 months. */
  cadence?: Cadence;
  title: string;
  /** Defaults to the figure commands' stored queries. */
  source?: DigestFigureSource;
}

/** Loads, lays out and draws one workspace's digest. Only this workspace's connection is read. */
export async function buildDigest(db: Kysely<Database>, renderChart: RenderChart, input: BuildDigestInput): Promise<BuiltDigest | null> {
  const [apps, progress, connection] = await Promise.all([
    listTrackedApps(db, input.connectionId),
    listImportProgress(db, input.connectionId),
    getConnection(db, input.connectionId),
  ]);
  if (apps.length === 0 || !connection) return null;
  const state = importState(progress, apps.length * 2);
  const notes = state.complete ? [] : [state.fraction === null ? 'History is still importing: figures so far.' : `History is still importing (${formatPercent(state.fraction)}): figures so far.`];
  const source = input.source ?? storedFigures(db, input.connectionId, input.timeZone);
  const report = await loadDigestReport(source, { week: input.week, cadence: input.cadence, timeZone: input.timeZone, apps, organizationId: connection.organizationId, notes });
  const monthly = input.cadence === 'monthly';
  const title = monthly ? `Net revenue and MRR · 12 months to ${input.week.weekStart.slice(0, 7)}` : `Net revenue and MRR · 12 weeks to ${input.week.weekStart}`;
  const primary = primaryCurrencyChart(title, report.series);
  const chartInput = primary && monthly ? { ...primary, period: 'month' as const } : primary;
  const png = chartInput ? await renderChart(chartInput) : null;
  return {
    report,
    message: buildDigestMessage({ report, title: input.title, chart: png !== null }),
    chart: png
      ? monthly
        ? { png, filename: `partnerbot-monthly-${input.week.weekStart.slice(0, 7)}.png`, title: `Monthly net revenue and MRR (12 months to ${input.week.weekStart.slice(0, 7)})` }
        : { png, filename: `partnerbot-digest-${input.week.weekStart}.png`, title: `Weekly net revenue and MRR (12 weeks to week of ${input.week.weekStart})` }
      : null,
  };
}
