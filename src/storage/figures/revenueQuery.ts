import { sql } from 'kysely';
import type { RevenueKind } from '../../domain/transaction.ts';
import { bucketFor, REVENUE_KINDS, sortedByCurrency, type CurrencyRevenue, type RevenueReport } from '../../metrics/revenue.ts';
import { appClause, instant, type AppFilter, type Db } from './common.ts';

interface Row {
  app_id: string;
  currency: string;
  kind: string;
  excluded: boolean;
  transactions: number;
  net: string;
  gross: string | null;
  gross_unknown: number;
}

/**
 * revenueReport over [start, end): net and gross of the transactions created in the window, per app,
 * currency and kind, leaving out transactions of test charges. Gross counts only when it is in the
 * transaction's net currency.
 */
export async function queryRevenue(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<RevenueReport> {
  const { rows } = await sql<Row>`
    select t.app_id, upper(t.net_currency) as currency, t.kind,
      (tc.charge_id is not null) as excluded,
      count(*)::int as transactions,
      sum(t.net_amount)::text as net,
      sum(t.gross_amount) filter (where upper(t.gross_currency) = upper(t.net_currency))::text as gross,
      count(*) filter (where t.gross_amount is null or upper(t.gross_currency) is distinct from upper(t.net_currency))::int as gross_unknown
    from transactions t
    left join test_charges tc on tc.connection_id = t.connection_id and tc.charge_id = t.charge_id
    where t.connection_id = ${connectionId} and t.created_at >= ${instant(window.start)} and t.created_at < ${instant(window.end)}${appClause('t.app_id', apps)}
    group by t.app_id, upper(t.net_currency), t.kind, excluded`.execute(db);

  const byApp = new Map<string, Map<string, CurrencyRevenue>>();
  const total = new Map<string, CurrencyRevenue>();
  let excludedTest = 0;
  for (const row of rows) {
    if (row.excluded) {
      excludedTest += row.transactions;
      continue;
    }
    const app = byApp.get(row.app_id) ?? byApp.set(row.app_id, new Map()).get(row.app_id)!;
    const kind = (REVENUE_KINDS as readonly string[]).includes(row.kind) ? (row.kind as RevenueKind) : 'other';
    for (const bucket of [bucketFor(app, row.currency), bucketFor(total, row.currency)]) {
      for (const line of [bucket.byKind[kind], bucket.total]) {
        line.net = line.net.plus(row.net);
        line.gross = line.gross.plus(row.gross ?? 0);
        line.grossUnknown += row.gross_unknown;
        line.transactions += row.transactions;
      }
    }
  }
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, m]) => [id, sortedByCurrency(m)])),
    total: sortedByCurrency(total),
    excludedTest,
  };
}
