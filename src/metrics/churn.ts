import { Decimal } from 'decimal.js';
import type { AppEvent } from '../domain/appEvent.ts';
import { installActivity, type ActivityCounts } from './installs.ts';
import { shopMonthly, type IntervalMap } from './monthly.ts';
import { mrrMovements, type CurrencyMovements } from './movements.ts';
import type { WorkspaceState } from './state.ts';

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

export interface ChurnInput {
  /** All events of the workspace (those before the window decide reinstalls). */
  events: readonly AppEvent[];
  window: { start: Date; end: Date };
  /** States at window.start and window.end (replaySnapshots(events, [start, end])). */
  start: WorkspaceState;
  end: WorkspaceState;
  intervals: IntervalMap;
  timeZone: string;
}

export function churnReport(input: ChurnInput): ChurnReport {
  const { start, end, intervals } = input;
  const counters = new Map<string, ChurnCounters>();
  const total = newCounters();
  for (const [key, a] of start) {
    const b = end.get(key);
    let app = counters.get(a.appId);
    if (!app) counters.set(a.appId, (app = newCounters()));
    const payingAtA = shopMonthly(a, intervals).paying;
    const payingAtB = b !== undefined && shopMonthly(b, intervals).paying;
    for (const c of [app, total]) {
      if (a.install === 'installed') {
        c.installedAtStart++;
        if (b?.install === 'uninstalled') c.churnedMerchants++;
        if (b?.install === 'closed') c.closedStores++;
      }
      if (payingAtA) {
        c.payingAtStart++;
        if (!payingAtB) c.lostPayingMerchants++;
      }
    }
  }
  const movements = mrrMovements(start, end, intervals);
  const activity = installActivity(input.events, input.window, input.timeZone);
  const appIds = new Set([...counters.keys(), ...movements.byApp.keys(), ...activity.byApp.keys()]);
  const byApp = new Map(
    [...appIds]
      .sort((x, y) => x.localeCompare(y))
      .map((id) => [
        id,
        churnFigures(counters.get(id) ?? newCounters(), movements.byApp.get(id) ?? [], activity.byApp.get(id) ?? zeroActivity()),
      ]),
  );
  return { byApp, total: churnFigures(total, movements.total, activity.total) };
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

function zeroActivity(): ActivityCounts {
  return { installs: 0, uninstalls: 0, net: 0, reinstalls: 0, closures: 0, reactivations: 0 };
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
