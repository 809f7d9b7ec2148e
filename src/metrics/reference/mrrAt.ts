import { Decimal } from 'decimal.js';
import type { CurrencyMrr, MrrFigures, MrrReport } from '../mrr.ts';
import { shopMonthly, type IntervalMap } from '../monthly.ts';
import type { WorkspaceState } from '../state.ts';

/** MRR, ARR, paying merchants and ARPU at the instant the state was replayed to. */
export function mrrAt(state: WorkspaceState, intervals: IntervalMap): MrrReport {
  const byApp = new Map<string, Accumulator>();
  const total = new Accumulator();
  for (const shop of state.values()) {
    const monthly = shopMonthly(shop, intervals);
    if (!monthly.paying) continue;
    let app = byApp.get(shop.appId);
    if (!app) byApp.set(shop.appId, (app = new Accumulator()));
    app.add(monthly);
    total.add(monthly);
  }
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, acc]) => [id, acc.figures()])),
    total: total.figures(),
  };
}

class Accumulator {
  private readonly mrr = new Map<string, Decimal>();
  private readonly merchants = new Map<string, number>();
  private paying = 0;
  private intervalUnknown = 0;
  private unpriced = 0;

  add(m: ReturnType<typeof shopMonthly>): void {
    this.paying++;
    this.intervalUnknown += m.intervalUnknownCharges;
    this.unpriced += m.unpricedCharges;
    for (const [currency, amount] of m.byCurrency) {
      this.mrr.set(currency, (this.mrr.get(currency) ?? new Decimal(0)).plus(amount));
      this.merchants.set(currency, (this.merchants.get(currency) ?? 0) + 1);
    }
  }

  figures(): MrrFigures {
    const currencies = [...this.mrr.keys()].sort().map((currency): CurrencyMrr => {
      const mrr = this.mrr.get(currency)!;
      const payingMerchants = this.merchants.get(currency) ?? 0;
      return {
        currency,
        mrr,
        arr: mrr.times(12),
        payingMerchants,
        arpu: payingMerchants === 0 ? null : mrr.div(payingMerchants),
      };
    });
    return {
      currencies,
      payingMerchants: this.paying,
      intervalUnknownCharges: this.intervalUnknown,
      unpricedCharges: this.unpriced,
    };
  }
}
