import type { MrrReport } from '../../metrics/mrr.ts';
import { mrrFromTotals } from '../../metrics/stateTotals.ts';
import type { AppFilter, Db } from './common.ts';
import { queryStateTotals } from './stateTotalsQuery.ts';

/** MRR, ARR, paying merchants and ARPU at `at`, per app and in total: mrrAt of the state at `at`. */
export async function queryMrr(db: Db, connectionId: number, at: Date, apps: AppFilter): Promise<MrrReport> {
  return mrrFromTotals(await queryStateTotals(db, connectionId, at, apps));
}

