import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { MOVEMENT_KINDS, type CurrencyMovements, type MovementKind } from '../../metrics/movements.ts';
import type { MrrReport } from '../../metrics/mrr.ts';
import { appClause, instant, monthlyAmount, type AppFilter, type Db } from './common.ts';
import { queryMrr } from './mrrQuery.ts';

/** mrrMovements without the per-shop list: totals per app and currency, and for all apps. */
export interface MovementTotals {
  byApp: Map<string, CurrencyMovements[]>;
  total: CurrencyMovements[];
  mrrStart: MrrReport;
  mrrEnd: MrrReport;
}

interface Row {
  app_id: string;
  currency: string;
  kind: MovementKind;
  shops: number;
  amount: string;
}

/**
 * MRR movements over [a, b). Only shops whose paying segment changed inside the window can move, so
 * the query compares the segments that end in the window with those that start in it, instead of
 * every shop's state at both ends.
 */
export async function queryMovements(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<MovementTotals> {
  const a = instant(window.start);
  const b = instant(window.end);
  const filter = appClause('s.app_id', apps);
  const [mrrStart, mrrEnd, changed] = await Promise.all([
    queryMrr(db, connectionId, window.start, apps),
    queryMrr(db, connectionId, window.end, apps),
    sql<Row>`
      with at_a as (
        select s.app_id, s.shop_id, s.currency, ${monthlyAmount('s', 'ci')} as monthly
        from shop_segments s
        left join charge_intervals ci on ci.connection_id = s.connection_id and ci.charge_id = s.charge_id
        where s.connection_id = ${connectionId} and s.paying and s.amount is not null and s.currency is not null
          and s.ends_at >= ${a} and s.ends_at < ${b} and s.starts_after < ${a}${filter}
      ), at_b as (
        select s.app_id, s.shop_id, s.currency, ${monthlyAmount('s', 'ci')} as monthly
        from shop_segments s
        left join charge_intervals ci on ci.connection_id = s.connection_id and ci.charge_id = s.charge_id
        where s.connection_id = ${connectionId} and s.paying and s.amount is not null and s.currency is not null
          and s.starts_after >= ${a} and s.starts_after < ${b} and s.ends_at >= ${b}${filter}
      ), pairs as (
        select coalesce(at_a.app_id, at_b.app_id) as app_id, coalesce(at_a.shop_id, at_b.shop_id) as shop_id,
          coalesce(at_a.currency, at_b.currency) as currency,
          coalesce(at_a.monthly, 0) as m_a, coalesce(at_b.monthly, 0) as m_b
        from at_a full join at_b on at_a.app_id = at_b.app_id and at_a.shop_id = at_b.shop_id and at_a.currency = at_b.currency
      ), classified as (
        select app_id, currency, abs(m_b - m_a) as amount,
          case
            when m_a = 0 and m_b > 0 then
              case when exists (
                select 1 from shop_segments p
                where p.connection_id = ${connectionId} and p.app_id = pairs.app_id and p.shop_id = pairs.shop_id
                  and p.paying and p.starts_after < ${a}
              ) then 'reactivation' else 'new' end
            when m_a > 0 and m_b = 0 then 'churned'
            when m_a > 0 and m_b > m_a then 'expansion'
            when m_b > 0 and m_b < m_a then 'contraction'
          end as kind
        from pairs
      )
      select app_id, currency, kind, count(*)::int as shops, sum(amount)::text as amount
      from classified where kind is not null
      group by app_id, currency, kind`.execute(db),
  ]);
  return { ...assemble(changed.rows, mrrStart, mrrEnd), mrrStart, mrrEnd };
}

function assemble(rows: readonly Row[], start: MrrReport, end: MrrReport): Pick<MovementTotals, 'byApp' | 'total'> {
  const byApp = new Map<string, Map<string, CurrencyMovements>>();
  const total = new Map<string, CurrencyMovements>();
  const app = (id: string) => byApp.get(id) ?? byApp.set(id, new Map()).get(id)!;
  for (const [report, field] of [[start, 'mrrStart'], [end, 'mrrEnd']] as const) {
    for (const [id, figures] of report.byApp) {
      for (const c of figures.currencies) bucket(app(id), c.currency)[field] = c.mrr;
    }
    for (const c of report.total.currencies) bucket(total, c.currency)[field] = c.mrr;
  }
  for (const row of rows) {
    for (const b of [bucket(app(row.app_id), row.currency), bucket(total, row.currency)]) {
      b.amounts[row.kind] = b.amounts[row.kind].plus(row.amount);
      b.counts[row.kind] += row.shops;
    }
  }
  const sorted = (m: Map<string, CurrencyMovements>) => [...m.values()].sort((x, y) => x.currency.localeCompare(y.currency));
  return {
    byApp: new Map([...byApp].sort(([x], [y]) => x.localeCompare(y)).map(([id, m]) => [id, sorted(m)])),
    total: sorted(total),
  };
}

function bucket(map: Map<string, CurrencyMovements>, currency: string): CurrencyMovements {
  let found = map.get(currency);
  if (!found) {
    const zero = new Decimal(0);
    const amounts = Object.fromEntries(MOVEMENT_KINDS.map((k) => [k, zero])) as Record<MovementKind, Decimal>;
    const counts = Object.fromEntries(MOVEMENT_KINDS.map((k) => [k, 0])) as Record<MovementKind, number>;
    map.set(currency, (found = { currency, mrrStart: zero, mrrEnd: zero, amounts, counts }));
  }
  return found;
}
