import type { DigestFigureSource } from '../../../src/digest/figureSource.ts';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import type { AppTransaction } from '../../../src/domain/transaction.ts';
import { installActivity } from '../../../src/metrics/reference/installActivity.ts';
import { billingIntervals } from '../../../src/metrics/reference/billingIntervals.ts';
import { mrrMovements } from '../../../src/metrics/reference/mrrMovements.ts';
import { mrrAt } from '../../../src/metrics/reference/mrrAt.ts';
import { uninstallReasons } from '../../../src/metrics/reference/uninstallReasons.ts';
import { revenueReport } from '../../../src/metrics/reference/revenueReport.ts';
import { replay, replaySnapshots, testChargeIds } from '../../../src/metrics/state.ts';

/** The digest's figures from the pure metrics engine replaying raw events: the reference. */
export function replayFigures(events: AppEvent[], transactions: AppTransaction[], timeZone: string): DigestFigureSource {
  const intervals = billingIntervals(transactions);
  const tests = testChargeIds(events);
  const only = <T extends { appId: string }>(rows: T[], apps: readonly string[] | null) => (apps === null ? rows : rows.filter((r) => apps.includes(r.appId)));
  return {
    revenue: async (window, apps) => revenueReport(only(transactions, apps), window, tests),
    mrr: async (at, apps) => mrrAt(replay(only(events, apps), at), intervals),
    movements: async (window, apps) => {
      const [start, end] = replaySnapshots(only(events, apps), [window.start, window.end]);
      const m = mrrMovements(start!, end!, intervals);
      return { byApp: m.byApp, total: m.total, mrrStart: mrrAt(start!, intervals), mrrEnd: mrrAt(end!, intervals) };
    },
    activity: async (window, apps) => installActivity(only(events, apps), window, timeZone),
    reasons: async (window, apps) => uninstallReasons(only(events, apps), window),
  };
}
