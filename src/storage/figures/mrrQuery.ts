import { Decimal } from 'decimal.js';
import type { CurrencyMrr, MrrFigures, MrrReport } from '../../metrics/mrr.ts';
import type { AppFilter, Db } from './common.ts';
import { queryStateTotals, type StateTotalsRow } from './stateTotalsQuery.ts';

/** MRR, ARR, paying merchants and ARPU at `at`, per app and in total: mrrAt of the state at `at`. */
export async function queryMrr(db: Db, connectionId: number, at: Date, apps: AppFilter): Promise<MrrReport> {
  return mrrFromTotals(await queryStateTotals(db, connectionId, at, apps));
}

export function mrrFromTotals(rows: readonly StateTotalsRow[]): MrrReport {
  const paying = rows.filter((r) => r.paying !== 0);
  const byApp = new Map<string, StateTotalsRow[]>();
  for (const row of paying) byApp.set(row.app_id, [...(byApp.get(row.app_id) ?? []), row]);
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, r]) => [id, figures(r)])),
    total: figures(paying),
  };
}

function figures(rows: readonly StateTotalsRow[]): MrrFigures {
  const mrr = new Map<string, { mrr: Decimal; merchants: number }>();
  let paying = 0;
  let intervalUnknown = 0;
  let unpriced = 0;
  for (const row of rows) {
    paying += row.paying;
    intervalUnknown += row.interval_unknown;
    // A live charge without an amount or currency pays, but adds nothing to MRR (metrics/monthly.ts).
    unpriced += row.paying - row.priced;
    if (row.priced === 0 || row.currency === '') continue;
    const entry = mrr.get(row.currency) ?? { mrr: new Decimal(0), merchants: 0 };
    mrr.set(row.currency, { mrr: entry.mrr.plus(row.mrr), merchants: entry.merchants + row.priced });
  }
  const currencies = [...mrr.keys()].sort().map((currency): CurrencyMrr => {
    const { mrr: amount, merchants } = mrr.get(currency)!;
    return { currency, mrr: amount, arr: amount.times(12), payingMerchants: merchants, arpu: merchants === 0 ? null : amount.div(merchants) };
  });
  return { currencies, payingMerchants: paying, intervalUnknownCharges: intervalUnknown, unpricedCharges: unpriced };
}
