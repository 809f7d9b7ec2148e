import { sql } from 'kysely';
import { dayKey, dayStarts, zeroActivityCounts, type ActivityCounts, type InstallActivity } from '../../metrics/installs.ts';
import { toStoredInstant } from '../typeParsers.ts';
import { appClause, instant, type AppFilter, type Db } from './common.ts';

interface Row {
  app_id: string;
  day: number;
  installs: number;
  reinstalls: number;
  uninstalls: number;
  closures: number;
  reactivations: number;
}

/**
 * installActivity over [start, end): installs, uninstalls, reinstalls, closures and reactivations per
 * app and per local day (windows up to 31 days). An install is a reinstall when the same (app, shop)
 * installed or was reactivated at an earlier instant, before or inside the window (at one instant,
 * INSTALLED applies before REACTIVATED, so a reactivation at the same instant does not count).
 */
export async function queryInstallActivity(db: Db, connectionId: number, window: { start: Date; end: Date }, timeZone: string, apps: AppFilter): Promise<InstallActivity> {
  const starts = dayStarts(window, timeZone);
  const thresholds = (starts ?? [window.start]).map((d) => toStoredInstant(d));
  const { rows } = await sql<Row>`
    select e.app_id, width_bucket(e.occurred_at, ${thresholds}::timestamptz[]) as day,
      count(*) filter (where e.type = 'RELATIONSHIP_INSTALLED')::int as installs,
      count(*) filter (where e.type = 'RELATIONSHIP_INSTALLED' and exists (
        select 1 from app_events p
        where p.connection_id = e.connection_id and p.app_id = e.app_id and p.shop_id = e.shop_id
          and p.type in ('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_REACTIVATED') and p.occurred_at < e.occurred_at
      ))::int as reinstalls,
      count(*) filter (where e.type = 'RELATIONSHIP_UNINSTALLED')::int as uninstalls,
      count(*) filter (where e.type = 'RELATIONSHIP_DEACTIVATED')::int as closures,
      count(*) filter (where e.type = 'RELATIONSHIP_REACTIVATED')::int as reactivations
    from app_events e
    where e.connection_id = ${connectionId} and e.occurred_at >= ${instant(window.start)} and e.occurred_at < ${instant(window.end)}
      and e.type in ('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED', 'RELATIONSHIP_DEACTIVATED', 'RELATIONSHIP_REACTIVATED')${appClause('e.app_id', apps)}
    group by e.app_id, day`.execute(db);

  const byApp = new Map<string, ActivityCounts>();
  const total = zeroActivityCounts();
  const byDay = starts ? starts.map((d) => ({ date: dayKey(d, timeZone), ...zeroActivityCounts() })) : null;
  for (const row of rows) {
    const app = byApp.get(row.app_id) ?? byApp.set(row.app_id, zeroActivityCounts()).get(row.app_id)!;
    for (const counts of [app, total, byDay?.[row.day - 1]]) {
      if (!counts) continue;
      counts.installs += row.installs;
      counts.reinstalls += row.reinstalls;
      counts.uninstalls += row.uninstalls;
      counts.closures += row.closures;
      counts.reactivations += row.reactivations;
      counts.net = counts.installs - counts.uninstalls;
    }
  }
  return { byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b))), total, byDay };
}
