import type { InstallActivity } from '../metrics/installs.ts';
import type { MrrReport } from '../metrics/mrr.ts';
import type { UninstallReasons } from '../metrics/reasons.ts';
import type { RevenueReport } from '../metrics/revenue.ts';
import { queryInstallActivity } from '../storage/figures/activityQuery.ts';
import type { AppFilter, Db } from '../storage/figures/common.ts';
import type { MovementTotals } from '../metrics/movementTotals.ts';
import type { ShopMover } from '../metrics/movers.ts';
import { queryShopMovers } from '../storage/digest/moversQuery.ts';
import { queryMovements } from '../storage/figures/movementsQuery.ts';
import { queryMrr } from '../storage/figures/mrrQuery.ts';
import { queryUninstallReasons } from '../storage/figures/reasonsQuery.ts';
import { queryRevenue } from '../storage/figures/revenueQuery.ts';

export type Window = { start: Date; end: Date };

/**
 * The figures a digest reads, for one connection. The stored implementation is the figure commands'
 * own queries (src/storage/figures), so a digest shows what `/partner revenue last week` shows for the
 * same week; tests plug in the pure engine replaying raw events to check both.
 */
export interface DigestFigureSource {
  revenue(window: Window, apps: AppFilter): Promise<RevenueReport>;
  mrr(at: Date, apps: AppFilter): Promise<MrrReport>;
  movements(window: Window, apps: AppFilter): Promise<MovementTotals>;
  activity(window: Window, apps: AppFilter): Promise<InstallActivity>;
  reasons(window: Window, apps: AppFilter): Promise<UninstallReasons>;
  /** Every (app, shop, currency) whose MRR moved in the window, with names and churn causes. */
  movers(window: Window, apps: AppFilter): Promise<ShopMover[]>;
}

export function storedFigures(db: Db, connectionId: number, timeZone: string): DigestFigureSource {
  return {
    revenue: (window, apps) => queryRevenue(db, connectionId, window, apps),
    mrr: (at, apps) => queryMrr(db, connectionId, at, apps),
    movements: (window, apps) => queryMovements(db, connectionId, window, apps),
    activity: (window, apps) => queryInstallActivity(db, connectionId, window, timeZone, apps),
    reasons: (window, apps) => queryUninstallReasons(db, connectionId, window, apps),
    movers: (window, apps) => queryShopMovers(db, connectionId, window, apps),
  };
}
