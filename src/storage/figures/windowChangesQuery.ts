import { sql } from 'kysely';
import type { WindowChange } from '../../metrics/stateTotals.ts';
import { instant, segmentsChangedIn, type AppFilter, type Db } from './common.ts';

/**
 * What changed between the states at a and b, per (app, shop): only shops whose segment at a ends
 * inside the window, or whose segment at b starts inside it, can differ, so just those segments
 * are read (two index ranges), never every shop. Gives the churn outcomes of shops installed or
 * paying at a, and the MRR movements (METRICS.md), compared per currency.
 */
export async function queryWindowChanges(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<WindowChange[]> {
  const a = instant(window.start);
  const b = instant(window.end);
  const priced = sql`(s.paying and s.monthly_amount is not null and s.currency is not null)`;
  const side = (at: 'a' | 'b') => sql`
    select s.app_id, s.shop_id, ${at} as side, s.install, s.paying, s.first_paid_after,
      case when ${priced} then s.currency end as currency, case when ${priced} then s.monthly_amount end as monthly
    from shop_segments s`;
  const { rows } = await sql<WindowChange>`
    with changed as (
      ${segmentsChangedIn(side, connectionId, { a, b }, apps)}
    ), shops as (
      select app_id, shop_id,
        max(install) filter (where side = 'a') as install_a, bool_or(paying) filter (where side = 'a') as paying_a,
        max(currency) filter (where side = 'a') as cur_a, max(monthly) filter (where side = 'a') as m_a,
        max(install) filter (where side = 'b') as install_b, bool_or(paying) filter (where side = 'b') as paying_b,
        max(currency) filter (where side = 'b') as cur_b, max(monthly) filter (where side = 'b') as m_b,
        max(first_paid_after) as first_paid_after
      from changed group by app_id, shop_id
    ), pairs as (
      -- A shop moving between currencies leaves one and (re)starts in the other.
      select app_id, shop_id, first_paid_after, cur_a as currency, m_a, case when cur_b = cur_a then m_b else 0 end as m_b
      from shops where cur_a is not null
      union all
      select app_id, shop_id, first_paid_after, cur_b, 0, m_b from shops where cur_b is not null and cur_b is distinct from cur_a
    ), movements as (
      select app_id, currency, abs(m_b - m_a) as amount,
        case
          when m_a = 0 and m_b > 0 then case when first_paid_after < ${a} then 'reactivation' else 'new' end
          when m_a > 0 and m_b = 0 then 'churned'
          when m_a > 0 and m_b > m_a then 'expansion'
          when m_b > 0 and m_b < m_a then 'contraction'
        end as kind
      from pairs
    ), outcomes as (
      select app_id, 'uninstalled' as kind from shops where install_a = 'installed' and coalesce(install_b, 'uninstalled') = 'uninstalled'
      union all select app_id, 'closed' from shops where install_a = 'installed' and install_b = 'closed'
      union all select app_id, 'stopped_paying' from shops where paying_a and not coalesce(paying_b, false)
    )
    select app_id, currency, kind, count(*)::int as shops, sum(amount)::text as amount from movements where kind is not null group by app_id, currency, kind
    union all
    select app_id, '' as currency, kind, count(*)::int, '0' from outcomes group by app_id, kind`.execute(db);
  return rows;
}
