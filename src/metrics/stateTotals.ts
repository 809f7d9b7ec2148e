import { Decimal } from 'decimal.js';
import type { MovementKind } from './movements.ts';
import type { CurrencyMrr, MrrFigures, MrrReport } from './mrr.ts';

/*
 * The figures from totals the database keeps at ingest (state_day_deltas, shop_segments): what the
 * SQL figure queries read, turned into figures by pure code, the same for every query.
 */

/** Totals of the state at t for one (app, currency); currency '' holds shops that pay nothing. */
export interface StateTotals {
  app_id: string;
  currency: string;
  installed: number;
  paying: number;
  priced: number;
  interval_unknown: number;
  mrr: string;
}

export type ChangeKind = MovementKind | 'uninstalled' | 'closed' | 'stopped_paying';

/** Shops (and for movements, amounts) per app, currency and kind of change between a and b. */
export interface WindowChange {
  app_id: string;
  currency: string;
  kind: ChangeKind;
  shops: number;
  amount: string;
}

/** What a window's figures are built from: the totals at both ends and what changed between them. */
export interface WindowState {
  atStart: StateTotals[];
  atEnd: StateTotals[];
  changes: WindowChange[];
}

export function mrrFromTotals(rows: readonly StateTotals[]): MrrReport {
  const paying = rows.filter((r) => r.paying !== 0);
  const byApp = new Map<string, StateTotals[]>();
  for (const row of paying) byApp.set(row.app_id, [...(byApp.get(row.app_id) ?? []), row]);
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, r]) => [id, figures(r)])),
    total: figures(paying),
  };
}

function figures(rows: readonly StateTotals[]): MrrFigures {
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
