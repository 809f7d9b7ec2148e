import type { DigestFigureSource } from '../../../src/digest/figureSource.ts';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import type { AppTransaction } from '../../../src/domain/transaction.ts';
import { installActivity } from '../../../src/metrics/reference/installActivity.ts';
import { billingIntervals } from '../../../src/metrics/reference/billingIntervals.ts';
import { mrrMovements } from '../../../src/metrics/reference/mrrMovements.ts';
import { mrrAt } from '../../../src/metrics/reference/mrrAt.ts';
import { uninstallReasons } from '../../../src/metrics/reference/uninstallReasons.ts';
import { revenueReport } from '../../../src/metrics/reference/revenueReport.ts';
import { replay, replaySnapshots, shopKey, testChargeIds, type ShopState, type WorkspaceState } from '../../../src/metrics/state.ts';
import type { ShopMover } from '../../../src/metrics/movers.ts';
import type { IntervalMap } from '../../../src/metrics/monthly.ts';

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
    movers: async (window, apps) => replayMovers(only(events, apps), window, intervals),
  };
}

/**
 * Per-shop movers from the reference engine: mrrMovements' per-shop movements, named from the replayed
 * states (the shop's name and domain at the end, the live charge's name at each end) and, for a churned
 * one, its latest uninstall in the window from the raw events.
 */
export function replayMovers(events: AppEvent[], window: { start: Date; end: Date }, intervals: IntervalMap): ShopMover[] {
  const [start, end] = replaySnapshots(events, [window.start, window.end]) as [WorkspaceState, WorkspaceState];
  const livePlan = (shop: ShopState | undefined, currency: string) =>
    Object.values(shop?.charges ?? {}).find((c) => c.status === 'live' && !c.test && c.currency?.toUpperCase() === currency)?.name ?? null;
  const inWindow = (e: AppEvent) => Date.parse(e.occurredAt) >= window.start.getTime() && Date.parse(e.occurredAt) < window.end.getTime();
  return mrrMovements(start, end, intervals).movements.map((m) => {
    const a = start.get(shopKey(m.appId, m.shopId));
    const b = end.get(shopKey(m.appId, m.shopId));
    const uninstall = events
      .filter((e) => e.appId === m.appId && e.shopId === m.shopId && e.type === 'RELATIONSHIP_UNINSTALLED' && inWindow(e))
      .sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt))
      .at(-1);
    return {
      appId: m.appId,
      shopId: m.shopId,
      shopName: b?.shopName ?? a?.shopName ?? null,
      shopDomain: b?.shopDomain ?? a?.shopDomain ?? null,
      currency: m.currency,
      kind: m.kind,
      from: m.from,
      to: m.to,
      planBefore: m.from.isZero() ? null : livePlan(a, m.currency),
      planAfter: m.to.isZero() ? null : livePlan(b, m.currency),
      uninstall: m.kind === 'churned' && uninstall ? { reason: uninstall.reason, description: uninstall.description } : null,
    };
  });
}
