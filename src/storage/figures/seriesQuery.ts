import { sql } from 'kysely';
import { Decimal } from 'decimal.js';
import { toStoredInstant } from '../typeParsers.ts';
import { appClause, instant, type AppFilter, type Db } from './common.ts';

/** Buckets of a chart: each starts at its instant and ends at the next one's, the last at `end`. */
export interface Buckets {
  starts: Date[];
  end: Date;
}

/**
 * Net revenue per bucket and currency (as in queryRevenue: transactions created in the bucket,
 * leaving out test charges), oldest first. Currencies with no transaction are absent.
 */
export async function queryRevenueSeries(db: Db, connectionId: number, buckets: Buckets, apps: AppFilter): Promise<Map<string, Decimal[]>> {
  const thresholds = buckets.starts.map((d) => toStoredInstant(d));
  const { rows } = await sql<{ bucket: number; currency: string; net: string }>`
    select width_bucket(t.created_at, ${thresholds}::timestamptz[]) as bucket, upper(t.net_currency) as currency, sum(t.net_amount)::text as net
    from transactions t
    left join test_charges tc on tc.connection_id = t.connection_id and tc.charge_id = t.charge_id
    where t.connection_id = ${connectionId} and tc.charge_id is null
      and t.created_at >= ${instant(buckets.starts[0]!)} and t.created_at < ${instant(buckets.end)}${appClause('t.app_id', apps)}
    group by bucket, upper(t.net_currency)`.execute(db);
  const byCurrency = new Map<string, Decimal[]>();
  for (const row of rows) {
    const values = byCurrency.get(row.currency) ?? byCurrency.set(row.currency, buckets.starts.map(() => new Decimal(0))).get(row.currency)!;
    values[row.bucket - 1] = values[row.bucket - 1]!.plus(row.net);
  }
  return new Map([...byCurrency].sort(([a], [b]) => a.localeCompare(b)));
}

/** Install and uninstall events per bucket, oldest first (the same events the installs answer counts). */
export async function queryInstallSeries(db: Db, connectionId: number, buckets: Buckets, apps: AppFilter): Promise<{ installs: number[]; uninstalls: number[] }> {
  const thresholds = buckets.starts.map((d) => toStoredInstant(d));
  const { rows } = await sql<{ bucket: number; installs: number; uninstalls: number }>`
    select width_bucket(e.occurred_at, ${thresholds}::timestamptz[]) as bucket,
      count(*) filter (where e.type = 'RELATIONSHIP_INSTALLED')::int as installs,
      count(*) filter (where e.type = 'RELATIONSHIP_UNINSTALLED')::int as uninstalls
    from app_events e
    where e.connection_id = ${connectionId} and e.occurred_at >= ${instant(buckets.starts[0]!)} and e.occurred_at < ${instant(buckets.end)}
      and e.type in ('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED')${appClause('e.app_id', apps)}
    group by bucket`.execute(db);
  const installs = buckets.starts.map(() => 0);
  const uninstalls = buckets.starts.map(() => 0);
  for (const row of rows) {
    installs[row.bucket - 1] = row.installs;
    uninstalls[row.bucket - 1] = row.uninstalls;
  }
  return { installs, uninstalls };
}
