import { Decimal } from 'decimal.js';
import { formatWeekLabel } from '../../digest/chart/labels.ts';
import type { SeriesChartInput } from '../../digest/chart/seriesSvg.ts';
import { dayKey } from '../../metrics/installs.ts';
import type { Db } from '../../storage/figures/common.ts';
import { queryMrr } from '../../storage/figures/mrrQuery.ts';
import { weekEnds } from '../chartBuckets.ts';
import type { FigureScope } from '../figureScope.ts';
import { moneyTick, pickCurrency } from './chartPick.ts';

const WEEKS = 12;

/** MRR at each week end over the last 12 weeks (now last), in its primary currency; null when there was none. */
export async function mrrChart(db: Db, scope: FigureScope, appIds: string[], label: string): Promise<SeriesChartInput | null> {
  const ends = weekEnds(scope.now, WEEKS);
  const reports = await Promise.all(ends.map((at) => queryMrr(db, scope.connection.id, at, appIds)));
  const byCurrency = new Map<string, Decimal[]>();
  reports.forEach((report, i) => {
    for (const c of report.total.currencies) {
      const values = byCurrency.get(c.currency) ?? byCurrency.set(c.currency, ends.map(() => new Decimal(0))).get(c.currency)!;
      values[i] = c.mrr;
    }
  });
  const picked = pickCurrency(byCurrency, 'latest');
  if (!picked || picked.values.every((v) => v.isZero())) return null;
  return {
    title: `MRR · ${label} · last 12 weeks`,
    labels: ends.map((at) => formatWeekLabel(dayKey(at, scope.timeZone))),
    series: [{ name: `MRR at week end (${picked.currency})`, kind: 'line', color: 'mrr', values: picked.values }],
    formatTick: moneyTick(picked.currency),
    wholeNumbers: false,
    emptyNote: 'No MRR yet',
    note: picked.note,
  };
}
