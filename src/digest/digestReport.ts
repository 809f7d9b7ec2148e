import { Decimal } from 'decimal.js';
import type { TrackedApp } from '../domain/connection.ts';
import type { InstallActivity } from '../metrics/installs.ts';
import type { UninstallReasons } from '../metrics/reasons.ts';
import type { RevenueReport } from '../metrics/revenue.ts';
import type { MovementTotals } from '../metrics/movementTotals.ts';
import { selectMovers, type CurrencyMovers } from '../metrics/movers.ts';
import type { WeeklyPoint } from './chart/types.ts';
import type { DigestFigureSource } from './figureSource.ts';
import { asWeek, periodsEndingWith, type Cadence, type DigestWeek } from './schedule.ts';

export const CHART_WEEKS = 12;
export const TOP_REASONS = 5;

/** Everything one digest shows, for the reported week and the week before it. */
export interface DigestReport {
  /** 'weekly' or 'monthly': `week` is then the reported week or month (its first local date in `weekStart`). */
  cadence?: Cadence;
  week: DigestWeek;
  previousWeek: DigestWeek;
  timeZone: string;
  apps: TrackedApp[];
  revenue: { current: RevenueReport; previous: RevenueReport };
  /** MRR at the end of the week vs at its start (= the end of the week before), and the movements between. */
  mrr: MovementTotals;
  activity: { current: InstallActivity; previous: InstallActivity };
  reasons: UninstallReasons;
  /** The week's biggest movers per currency, the primary currency (largest MRR at the week's end) first. */
  movers: CurrencyMovers[];
  /** The Partner organization: each mover links to its Partner Dashboard page. */
  organizationId: string;
  /** Weekly net revenue and MRR at each week's end, per currency, oldest first (CHART_WEEKS weeks). */
  series: Map<string, WeeklyPoint[]>;
  notes: string[];
}

/**
 * Loads a digest's figures for the tracked apps. The reported week and the one before are the last
 * two of the chart's weeks, so their revenue is read once.
 */
export async function loadDigestReport(
  source: DigestFigureSource,
  input: { week: DigestWeek; cadence?: Cadence; timeZone: string; apps: TrackedApp[]; organizationId: string; notes: string[] },
): Promise<DigestReport> {
  const ids = input.apps.map((a) => a.appId);
  const cadence = input.cadence ?? 'weekly';
  // The chart's context: 12 weeks for the weekly summary, 12 months for the monthly one.
  const weeks = periodsEndingWith({ cadence, start: input.week.start, end: input.week.end, key: input.week.weekStart }, CHART_WEEKS, input.timeZone).map(asWeek);
  const previousWeek = weeks.at(-2)!;
  const [revenues, mrrs, mrr, current, previous, reasons, movers] = await Promise.all([
    Promise.all(weeks.map((w) => source.revenue(w, ids))),
    Promise.all(weeks.map((w) => source.mrr(w.end, ids))),
    source.movements(input.week, ids),
    source.activity(input.week, ids),
    source.activity(previousWeek, ids),
    source.reasons(input.week, ids),
    source.movers(input.week, ids),
  ]);
  const series = new Map<string, WeeklyPoint[]>();
  const currencies = new Set([...revenues.flatMap((r) => r.total.map((c) => c.currency)), ...mrrs.flatMap((m) => m.total.currencies.map((c) => c.currency))]);
  for (const currency of [...currencies].sort()) {
    series.set(
      currency,
      weeks.map((w, i) => ({
        weekStart: w.weekStart,
        netRevenue: revenues[i]!.total.find((c) => c.currency === currency)?.total.net ?? new Decimal(0),
        mrr: mrrs[i]!.total.currencies.find((c) => c.currency === currency)?.mrr ?? new Decimal(0),
      })),
    );
  }
  return {
    cadence,
    week: input.week,
    previousWeek,
    timeZone: input.timeZone,
    apps: input.apps,
    revenue: { current: revenues.at(-1)!, previous: revenues.at(-2)! },
    mrr,
    activity: { current, previous },
    reasons,
    movers: selectMovers(movers, byLargestMrr(mrr)),
    organizationId: input.organizationId,
    series,
    notes: input.notes,
  };
}

/** Currencies by MRR at the end of the week, largest first (the chart's primary currency rule), then alphabetically. */
function byLargestMrr(mrr: MovementTotals): string[] {
  return [...mrr.total].sort((a, b) => b.mrrEnd.comparedTo(a.mrrEnd) || a.currency.localeCompare(b.currency)).map((m) => m.currency);
}
