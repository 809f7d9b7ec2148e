import { sql } from 'kysely';
import { instantKey } from '../../metrics/ordering.ts';
import type { StateTotals } from '../../metrics/stateTotals.ts';
import { appClause, instant, type AppFilter, type Db } from './common.ts';

/**
 * Installed shops, paying merchants, priced charges, unknown intervals and MRR at t, per app and
 * currency: the day totals before t's UTC day, plus the segments that start or end on that day
 * before t (see state_day_deltas in migrations/0002).
 */
export async function queryStateTotals(db: Db, connectionId: number, at: Date, apps: AppFilter): Promise<StateTotals[]> {
  const t = instant(at);
  const day = instantKey(at).slice(0, 10);
  const dayStart = instant(`${day}T00:00:00Z`);
  const priced = sql`(s.paying and s.monthly_amount is not null and s.currency is not null)`;
  const contribution = (sign: number) => sql`
    select s.app_id, case when s.paying then coalesce(s.currency, '') else '' end as currency,
      ${sign} * (s.install = 'installed')::int as installed, ${sign} * s.paying::int as paying,
      ${sign} * ${priced}::int as priced, ${sign} * (${priced} and s.interval_unknown)::int as interval_unknown,
      case when ${priced} then ${sign} * s.monthly_amount else 0 end as mrr
    from shop_segments s`;
  const { rows } = await sql<StateTotals>`
    select app_id, currency, sum(installed)::int as installed, sum(paying)::int as paying, sum(priced)::int as priced,
      sum(interval_unknown)::int as interval_unknown, sum(mrr)::text as mrr
    from (
      select d.app_id, d.currency, d.installed, d.paying, d.priced, d.interval_unknown, d.mrr
      from state_day_deltas d where d.connection_id = ${connectionId} and d.day < ${day}::date${appClause('d.app_id', apps)}
      union all
      ${contribution(1)} where s.connection_id = ${connectionId} and s.starts_after >= ${dayStart} and s.starts_after < ${t}${appClause('s.app_id', apps)}
      union all
      ${contribution(-1)} where s.connection_id = ${connectionId} and s.ends_at >= ${dayStart} and s.ends_at < ${t}${appClause('s.app_id', apps)}
    ) x
    group by app_id, currency`.execute(db);
  return rows;
}
