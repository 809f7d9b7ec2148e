import { sql } from 'kysely';
import { newCounters, type ChurnCounters } from '../../metrics/churn.ts';
import { appClause, instant, type AppFilter, type Db } from './common.ts';

export interface ChurnCountsReport {
  byApp: Map<string, ChurnCounters>;
  total: ChurnCounters;
}

interface Row {
  app_id: string;
  installed_at_start: number;
  paying_at_start: number;
  churned: number;
  closed: number;
  lost_paying: number;
}

/**
 * Shops installed / paying at a, and how many of them were uninstalled, closed or no longer paying
 * at b. Those outcomes need the state at b only for shops whose segment at a ends inside the window;
 * a shop with no segment at b is neither installed, closed nor paying there.
 */
export async function queryChurnCounts(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<ChurnCountsReport> {
  const a = instant(window.start);
  const b = instant(window.end);
  const { rows } = await sql<Row>`
    with at_start as (
      select app_id,
        count(*) filter (where install = 'installed')::int as installed_at_start,
        count(*) filter (where paying)::int as paying_at_start
      from shop_segments s
      where s.connection_id = ${connectionId} and s.ends_at >= ${a} and s.starts_after < ${a}
        and (s.install = 'installed' or s.paying)${appClause('s.app_id', apps)}
      group by app_id
    ), outcomes as (
      select s.app_id,
        count(*) filter (where s.install = 'installed' and coalesce(e.install, 'uninstalled') = 'uninstalled')::int as churned,
        count(*) filter (where s.install = 'installed' and e.install = 'closed')::int as closed,
        count(*) filter (where s.paying and not coalesce(e.paying, false))::int as lost_paying
      from shop_segments s
      left join shop_segments e on e.connection_id = s.connection_id and e.app_id = s.app_id and e.shop_id = s.shop_id
        and e.starts_after < ${b} and e.ends_at >= ${b}
      where s.connection_id = ${connectionId} and s.ends_at >= ${a} and s.ends_at < ${b} and s.starts_after < ${a}
        and (s.install = 'installed' or s.paying)${appClause('s.app_id', apps)}
      group by s.app_id
    )
    select at_start.app_id, installed_at_start, paying_at_start,
      coalesce(churned, 0) as churned, coalesce(closed, 0) as closed, coalesce(lost_paying, 0) as lost_paying
    from at_start left join outcomes using (app_id)`.execute(db);
  const byApp = new Map<string, ChurnCounters>();
  const total = newCounters();
  for (const row of [...rows].sort((x, y) => x.app_id.localeCompare(y.app_id))) {
    const counters: ChurnCounters = {
      installedAtStart: row.installed_at_start,
      churnedMerchants: row.churned,
      closedStores: row.closed,
      payingAtStart: row.paying_at_start,
      lostPayingMerchants: row.lost_paying,
    };
    byApp.set(row.app_id, counters);
    for (const key of Object.keys(total) as (keyof ChurnCounters)[]) total[key] += counters[key];
  }
  return { byApp, total };
}
