import type { Kysely } from 'kysely';
import { selectMovers } from '../metrics/movers.ts';
import { getConnection, listTrackedApps } from '../storage/connections.ts';
import type { Database } from '../storage/schema.ts';
import { storedFigures, type DigestFigureSource } from './figureSource.ts';
import { periodsEndingWith, type SummaryPeriod } from './schedule.ts';
import { currenciesOf } from './views/digestFormat.ts';
import { buildDailyMessage, DAILY_TOP, type DailyReport } from './views/dailyView.ts';
import type { DigestMessage } from './views/digestView.ts';

/**
 * The daily summary: yesterday against the day before, a few lines, no chart. Null when the
 * workspace tracks no apps.
 */
export async function buildDailySummary(
  db: Kysely<Database>,
  input: { connectionId: number; timeZone: string; period: SummaryPeriod; title: string; source?: DigestFigureSource },
): Promise<{ message: DigestMessage; report: DailyReport } | null> {
  const [apps, connection] = await Promise.all([listTrackedApps(db, input.connectionId), getConnection(db, input.connectionId)]);
  if (apps.length === 0 || !connection) return null;
  const ids = apps.map((a) => a.appId);
  const source = input.source ?? storedFigures(db, input.connectionId, input.timeZone);
  const [before, day] = periodsEndingWith(input.period, 2, input.timeZone);
  const [revenue, previousRevenue, activity, movements, movers] = await Promise.all([
    source.revenue(day!, ids),
    source.revenue(before!, ids),
    source.activity(day!, ids),
    source.movements(day!, ids),
    source.movers(day!, ids),
  ]);
  const report: DailyReport = {
    day: input.period.key,
    timeZone: input.timeZone,
    revenue,
    previousRevenue,
    activity: activity.total,
    movements: movements.total,
    // The day's largest revenue currency first: there is no end-of-day MRR read for a daily summary.
    movers: selectMovers(movers, currenciesOf(revenue.total), DAILY_TOP),
    apps,
    organizationId: connection.organizationId,
  };
  return { report, message: buildDailyMessage(report, input.title) };
}
