import { zeroActivityCounts } from '../../metrics/installs.ts';
import { churnFigures, newCounters, type ChurnReport } from '../../metrics/churn.ts';
import { queryInstallActivity } from './activityQuery.ts';
import { churnCounts } from '../../metrics/churnCounts.ts';
import { movementTotals } from '../../metrics/movementTotals.ts';
import type { AppFilter, Db } from './common.ts';
import { queryWindowState } from './movementsQuery.ts';

/** churnReport over [start, end) from the precomputed segments: counts, MRR churn and activity. */
export async function queryChurn(db: Db, connectionId: number, window: { start: Date; end: Date }, timeZone: string, apps: AppFilter): Promise<ChurnReport> {
  const [state, activity] = await Promise.all([queryWindowState(db, connectionId, window, apps), queryInstallActivity(db, connectionId, window, timeZone, apps)]);
  const counts = churnCounts(state);
  const movements = movementTotals(state);
  const ids = [...new Set([...counts.byApp.keys(), ...movements.byApp.keys(), ...activity.byApp.keys()])].sort((a, b) => a.localeCompare(b));
  return {
    byApp: new Map(
      ids.map((id) => [id, churnFigures(counts.byApp.get(id) ?? newCounters(), movements.byApp.get(id) ?? [], activity.byApp.get(id) ?? zeroActivityCounts())]),
    ),
    total: churnFigures(counts.total, movements.total, activity.total),
  };
}
