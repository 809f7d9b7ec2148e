import { Decimal } from 'decimal.js';
import { MOVEMENT_KINDS, type CurrencyMovements, type MovementKind } from './movements.ts';
import type { MrrReport } from './mrr.ts';
import { mrrFromTotals, type WindowState } from './stateTotals.ts';

/** mrrMovements without the per-shop list: totals per app and currency, and for all apps. */
export interface MovementTotals {
  byApp: Map<string, CurrencyMovements[]>;
  total: CurrencyMovements[];
  mrrStart: MrrReport;
  mrrEnd: MrrReport;
}

export function movementTotals(state: WindowState): MovementTotals {
  const mrrStart = mrrFromTotals(state.atStart);
  const mrrEnd = mrrFromTotals(state.atEnd);
  const byApp = new Map<string, Map<string, CurrencyMovements>>();
  const total = new Map<string, CurrencyMovements>();
  const app = (id: string) => byApp.get(id) ?? byApp.set(id, new Map()).get(id)!;
  for (const [report, field] of [[mrrStart, 'mrrStart'], [mrrEnd, 'mrrEnd']] as const) {
    for (const [id, figures] of report.byApp) {
      for (const c of figures.currencies) bucket(app(id), c.currency)[field] = c.mrr;
    }
    for (const c of report.total.currencies) bucket(total, c.currency)[field] = c.mrr;
  }
  for (const row of state.changes) {
    if (!(MOVEMENT_KINDS as readonly string[]).includes(row.kind)) continue;
    const kind = row.kind as MovementKind;
    for (const b of [bucket(app(row.app_id), row.currency), bucket(total, row.currency)]) {
      b.amounts[kind] = b.amounts[kind].plus(row.amount);
      b.counts[kind] += row.shops;
    }
  }
  const sorted = (m: Map<string, CurrencyMovements>) => [...m.values()].sort((x, y) => x.currency.localeCompare(y.currency));
  return {
    byApp: new Map([...byApp].sort(([x], [y]) => x.localeCompare(y)).map(([id, m]) => [id, sorted(m)])),
    total: sorted(total),
    mrrStart,
    mrrEnd,
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
