import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { CurrencyMrr, MrrFigures, MrrReport } from '../../metrics/mrr.ts';
import { appClause, instant, monthlyAmount, type AppFilter, type Db } from './common.ts';

interface Row {
  app_id: string;
  currency: string | null;
  merchants: number;
  priced: number;
  interval_unknown: number;
  mrr: string | null;
}

/** MRR, ARR, paying merchants and ARPU at `at`, per app and in total: mrrAt of the state at `at`. */
export async function queryMrr(db: Db, connectionId: number, at: Date, apps: AppFilter): Promise<MrrReport> {
  const t = instant(at);
  const { rows } = await sql<Row>`
    select s.app_id, s.currency,
      count(*)::int as merchants,
      count(s.amount)::int as priced,
      count(*) filter (where s.amount is not null and ci.billing_interval is null)::int as interval_unknown,
      sum(${monthlyAmount('s', 'ci')})::text as mrr
    from shop_segments s
    left join charge_intervals ci on ci.connection_id = s.connection_id and ci.charge_id = s.charge_id
    where s.connection_id = ${connectionId} and s.paying and s.ends_at >= ${t} and s.starts_after < ${t}${appClause('s.app_id', apps)}
    group by s.app_id, s.currency`.execute(db);
  return toReport(rows);
}

function toReport(rows: readonly Row[]): MrrReport {
  const byApp = new Map<string, Row[]>();
  for (const row of rows) byApp.set(row.app_id, [...(byApp.get(row.app_id) ?? []), row]);
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, r]) => [id, figures(r)])),
    total: figures(rows),
  };
}

function figures(rows: readonly Row[]): MrrFigures {
  const mrr = new Map<string, { mrr: Decimal; merchants: number }>();
  let paying = 0;
  let intervalUnknown = 0;
  let unpriced = 0;
  for (const row of rows) {
    paying += row.merchants;
    intervalUnknown += row.currency === null ? 0 : row.interval_unknown;
    // A live charge without an amount or currency pays, but adds nothing to MRR (metrics/monthly.ts).
    const priced = row.currency === null ? 0 : row.priced;
    unpriced += row.merchants - priced;
    if (priced === 0 || row.currency === null) continue;
    const entry = mrr.get(row.currency) ?? { mrr: new Decimal(0), merchants: 0 };
    mrr.set(row.currency, { mrr: entry.mrr.plus(row.mrr ?? 0), merchants: entry.merchants + priced });
  }
  const currencies = [...mrr.keys()].sort().map((currency): CurrencyMrr => {
    const { mrr: amount, merchants } = mrr.get(currency)!;
    return { currency, mrr: amount, arr: amount.times(12), payingMerchants: merchants, arpu: merchants === 0 ? null : amount.div(merchants) };
  });
  return { currencies, payingMerchants: paying, intervalUnknownCharges: intervalUnknown, unpricedCharges: unpriced };
}
