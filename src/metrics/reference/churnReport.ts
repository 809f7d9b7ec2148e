import type { AppEvent } from '../../domain/appEvent.ts';
import { churnFigures, newCounters, type ChurnCounters, type ChurnReport } from '../churn.ts';
import { zeroActivityCounts } from '../installs.ts';
import { shopMonthly, type IntervalMap } from '../monthly.ts';
import type { WorkspaceState } from '../state.ts';
import { installActivity } from './installActivity.ts';
import { mrrMovements } from './mrrMovements.ts';

export interface ChurnInput {
  /** All events of the workspace (those before the window decide reinstalls). */
  events: readonly AppEvent[];
  window: { start: Date; end: Date };
  /** States at window.start and window.end (replaySnapshots(events, [start, end])). */
  start: WorkspaceState;
  end: WorkspaceState;
  intervals: IntervalMap;
  timeZone: string;
}

export function churnReport(input: ChurnInput): ChurnReport {
  const { start, end, intervals } = input;
  const counters = new Map<string, ChurnCounters>();
  const total = newCounters();
  for (const [key, a] of start) {
    const b = end.get(key);
    let app = counters.get(a.appId);
    if (!app) counters.set(a.appId, (app = newCounters()));
    const payingAtA = shopMonthly(a, intervals).paying;
    const payingAtB = b !== undefined && shopMonthly(b, intervals).paying;
    for (const c of [app, total]) {
      if (a.install === 'installed') {
        c.installedAtStart++;
        if (b?.install === 'uninstalled') c.churnedMerchants++;
        if (b?.install === 'closed') c.closedStores++;
      }
      if (payingAtA) {
        c.payingAtStart++;
        if (!payingAtB) c.lostPayingMerchants++;
      }
    }
  }
  const movements = mrrMovements(start, end, intervals);
  const activity = installActivity(input.events, input.window, input.timeZone);
  const appIds = new Set([...counters.keys(), ...movements.byApp.keys(), ...activity.byApp.keys()]);
  const byApp = new Map(
    [...appIds]
      .sort((x, y) => x.localeCompare(y))
      .map((id) => [
        id,
        churnFigures(counters.get(id) ?? newCounters(), movements.byApp.get(id) ?? [], activity.byApp.get(id) ?? zeroActivityCounts()),
      ]),
  );
  return { byApp, total: churnFigures(total, movements.total, activity.total) };
}
