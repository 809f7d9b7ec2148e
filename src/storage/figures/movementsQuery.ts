import type { WindowState } from '../../metrics/stateTotals.ts';
import { movementTotals, type MovementTotals } from '../../metrics/movementTotals.ts';
import type { AppFilter, Db } from './common.ts';
import { queryStateTotals } from './stateTotalsQuery.ts';
import { queryWindowChanges } from './windowChangesQuery.ts';

/** What a window's figures are read from: the state totals at both ends and the changes between them. */
export async function queryWindowState(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<WindowState> {
  const [atStart, atEnd, changes] = await Promise.all([
    queryStateTotals(db, connectionId, window.start, apps),
    queryStateTotals(db, connectionId, window.end, apps),
    queryWindowChanges(db, connectionId, window, apps),
  ]);
  return { atStart, atEnd, changes };
}

/** MRR movements over [a, b) (mrrMovements' totals). */
export async function queryMovements(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter): Promise<MovementTotals> {
  return movementTotals(await queryWindowState(db, connectionId, window, apps));
}

