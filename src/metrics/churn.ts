import { Decimal } from 'decimal.js';
import type { ActivityCounts } from './installs.ts';
import type { CurrencyMovements } from './movements.ts';

/** A rate as a fraction (0.042 = 4.2%); null = n/a because its base is 0. */
export type Rate = Decimal | null;

export interface CurrencyMrrChurn {
  currency: string;
  mrrStart: Decimal;
  churned: Decimal;
  contraction: Decimal;
  expansion: Decimal;
  /** (churned + contraction) / MRR(a). */
  grossMrrChurn: Rate;
  /** (churned + contraction - expansion) / MRR(a); negative when expansion outweighs losses. */
  netMrrChurn: Rate;
}

export interface ChurnFigures {
  installedAtStart: number;
  /** Installed at a and uninstalled at b. */
  churnedMerchants: number;
  merchantChurn: Rate;
  /** Installed at a and closed (deactivated) at b: reported apart, not product churn. */
  closedStores: number;
  closureRate: Rate;
  payingAtStart: number;
  /** Live non-test subscription at a, none at b. */
  lostPayingMerchants: number;
  payingMerchantChurn: Rate;
  mrr: CurrencyMrrChurn[];
  activity: ActivityCounts;
}

export interface ChurnReport {
  byApp: Map<string, ChurnFigures>;
  total: ChurnFigures;
}

/** Shop counts comparing the states at a and b (see ChurnFigures). */
export interface ChurnCounters {
  installedAtStart: number;
  churnedMerchants: number;
  closedStores: number;
  payingAtStart: number;
  lostPayingMerchants: number;
}

export function newCounters(): ChurnCounters {
  return { installedAtStart: 0, churnedMerchants: 0, closedStores: 0, payingAtStart: 0, lostPayingMerchants: 0 };
}

/** The figures of one app (or all) from its counters, MRR movements and install activity. */
export function churnFigures(c: ChurnCounters, movements: CurrencyMovements[], activity: ActivityCounts): ChurnFigures {
  return {
    ...c,
    merchantChurn: ratio(new Decimal(c.churnedMerchants), new Decimal(c.installedAtStart)),
    closureRate: ratio(new Decimal(c.closedStores), new Decimal(c.installedAtStart)),
    payingMerchantChurn: ratio(new Decimal(c.lostPayingMerchants), new Decimal(c.payingAtStart)),
    mrr: movements.map((m) => {
      const { churned, contraction, expansion } = m.amounts;
      return {
        currency: m.currency,
        mrrStart: m.mrrStart,
        churned,
        contraction,
        expansion,
        grossMrrChurn: ratio(churned.plus(contraction), m.mrrStart),
        netMrrChurn: ratio(churned.plus(contraction).minus(expansion), m.mrrStart),
      };
    }),
    activity,
  };
}

/** METRICS.md: a rate whose base is 0 is n/a, never NaN, Infinity or 0%. */
export function ratio(part: Decimal, base: Decimal): Rate {
  return base.isZero() ? null : part.div(base);
}
