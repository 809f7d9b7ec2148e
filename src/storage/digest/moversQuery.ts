import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { MovementKind } from '../../metrics/movements.ts';
import type { ShopMover } from '../../metrics/movers.ts';
import { instant, segmentsChangedIn, type AppFilter, type Db } from '../figures/common.ts';

interface MoverRow {
  app_id: string;
  shop_id: string;
  currency: string;
  kind: MovementKind;
  m_a: string;
  m_b: string;
  plan_a: string | null;
  plan_b: string | null;
  shop_name: string | null;
  shop_domain: string | null;
  uninstalled: boolean;
  reason: string | null;
  description: string | null;
}

/**
 * Every (app, shop, currency) whose MRR moved over [start, end), with what a reader needs to recognise
 * it: the plan names at both ends, the shop's name and domain, and for a churned one its latest
 * uninstall in the window. The movements are read from the stored segments exactly as
 * windowChangesQuery reads them (only segments ending or starting inside the window), per shop
 * instead of summed; names come from the shop's events before the moment they describe, as the
 * replayed state would show them.
 */
export async function queryShopMovers(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<ShopMover[]> {
  const a = instant(window.start);
  const b = instant(window.end);
  const priced = sql`(s.paying and s.monthly_amount is not null and s.currency is not null)`;
  const side = (at: 'a' | 'b') => sql`
    select s.app_id, s.shop_id, ${at} as side, s.first_paid_after, s.charge_id,
      case when ${priced} then s.currency end as currency, case when ${priced} then s.monthly_amount end as monthly
    from shop_segments s`;
  const latestName = (column: 'shop_name' | 'shop_domain') => sql`(
    select e.${sql.ref(column)} from app_events e
    where e.connection_id = ${connectionId} and e.shop_id = m.shop_id and e.app_id = m.app_id and e.occurred_at < ${b} and e.${sql.ref(column)} is not null
    order by e.occurred_at desc, e.id desc limit 1)`;
  const planName = (charge: 'charge_a' | 'charge_b', before: typeof a) => sql`(
    select e.charge_name from app_events e
    where e.connection_id = ${connectionId} and e.shop_id = m.shop_id and e.app_id = m.app_id and e.charge_id = m.${sql.ref(charge)}
      and e.occurred_at < ${before} and e.charge_name is not null
    order by e.occurred_at desc, e.id desc limit 1)`;
  const { rows } = await sql<MoverRow>`
    with changed as (
      ${segmentsChangedIn(side, connectionId, { a, b }, apps)}
    ), shops as (
      select app_id, shop_id,
        max(currency) filter (where side = 'a') as cur_a, max(monthly) filter (where side = 'a') as m_a, max(charge_id) filter (where side = 'a') as charge_a,
        max(currency) filter (where side = 'b') as cur_b, max(monthly) filter (where side = 'b') as m_b, max(charge_id) filter (where side = 'b') as charge_b,
        max(first_paid_after) as first_paid_after
      from changed group by app_id, shop_id
    ), pairs as (
      -- A shop moving between currencies leaves one (plan after: none) and (re)starts in the other (plan before: none).
      select app_id, shop_id, first_paid_after, cur_a as currency, m_a, case when cur_b = cur_a then m_b else 0 end as m_b,
        charge_a, case when cur_b = cur_a then charge_b end as charge_b
      from shops where cur_a is not null
      union all
      select app_id, shop_id, first_paid_after, cur_b, 0, m_b, null, charge_b from shops where cur_b is not null and cur_b is distinct from cur_a
    ), m as (
      select *,
        case
          when m_a = 0 and m_b > 0 then case when first_paid_after < ${a} then 'reactivation' else 'new' end
          when m_a > 0 and m_b = 0 then 'churned'
          when m_a > 0 and m_b > m_a then 'expansion'
          when m_b > 0 and m_b < m_a then 'contraction'
        end as kind
      from pairs
    )
    select m.app_id, m.shop_id, m.currency, m.kind, m.m_a::text as m_a, m.m_b::text as m_b,
      -- A $0 side has no plan to name (a free or frozen one is not MRR).
      case when m.m_a > 0 then ${planName('charge_a', a)} end as plan_a, case when m.m_b > 0 then ${planName('charge_b', b)} end as plan_b,
      ${latestName('shop_name')} as shop_name, ${latestName('shop_domain')} as shop_domain,
      u.id is not null as uninstalled, u.reason, u.description
    from m
    left join lateral (
      select e.id, e.reason, e.description from app_events e
      where m.kind = 'churned' and e.connection_id = ${connectionId} and e.shop_id = m.shop_id and e.app_id = m.app_id
        and e.type = 'RELATIONSHIP_UNINSTALLED' and e.occurred_at >= ${a} and e.occurred_at < ${b}
      order by e.occurred_at desc, e.id desc limit 1
    ) u on true
    where m.kind is not null
    order by m.app_id, m.shop_id, m.currency`.execute(db);
  return rows.map((r) => ({
    appId: r.app_id,
    shopId: r.shop_id,
    shopName: r.shop_name,
    shopDomain: r.shop_domain,
    currency: r.currency,
    kind: r.kind,
    from: new Decimal(r.m_a),
    to: new Decimal(r.m_b),
    planBefore: r.plan_a,
    planAfter: r.plan_b,
    uninstall: r.uninstalled ? { reason: r.reason, description: r.description } : null,
  }));
}
