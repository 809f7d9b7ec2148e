import { newCounters, type ChurnCounters } from './churn.ts';
import type { WindowState } from './stateTotals.ts';

export interface ChurnCountsReport {
  byApp: Map<string, ChurnCounters>;
  total: ChurnCounters;
}

/** Shops installed / paying at a, and how many of them were uninstalled, closed or stopped paying by b. */
export function churnCounts(state: WindowState): ChurnCountsReport {
  const byApp = new Map<string, ChurnCounters>();
  const app = (id: string) => byApp.get(id) ?? byApp.set(id, newCounters()).get(id)!;
  for (const row of state.atStart) {
    if (row.installed === 0 && row.paying === 0) continue;
    const c = app(row.app_id);
    c.installedAtStart += row.installed;
    c.payingAtStart += row.paying;
  }
  for (const row of state.changes) {
    const field = { uninstalled: 'churnedMerchants', closed: 'closedStores', stopped_paying: 'lostPayingMerchants' }[row.kind as string] as keyof ChurnCounters | undefined;
    if (field) app(row.app_id)[field] += row.shops;
  }
  const total = newCounters();
  for (const c of byApp.values()) for (const key of Object.keys(total) as (keyof ChurnCounters)[]) total[key] += c[key];
  return { byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b))), total };
}
