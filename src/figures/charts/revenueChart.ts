import { formatWeekLabel } from '../../digest/chart/labels.ts';
import type { SeriesChartInput } from '../../digest/chart/seriesSvg.ts';
import type { Db } from '../../storage/figures/common.ts';
import { queryRevenueSeries } from '../../storage/figures/seriesQuery.ts';
import { chartBuckets } from '../chartBuckets.ts';
import type { WindowedFigure } from '../windowedFigure.ts';
import { moneyTick, pickCurrency } from './chartPick.ts';

/** Net revenue per day (or week, past 31 days) over the window in its primary currency; null: none. */
export async function revenueChart(db: Db, figure: WindowedFigure): Promise<SeriesChartInput | null | 'too_long'> {
  const buckets = chartBuckets(figure.window, figure.scope.timeZone);
  if (!buckets) return 'too_long';
  const byCurrency = await queryRevenueSeries(db, figure.scope.connection.id, { starts: buckets.starts, end: figure.window.end }, figure.appIds);
  const picked = pickCurrency(byCurrency, 'sum');
  if (!picked) return null;
  return {
    title: `Net revenue · ${figure.label} · ${figure.window.label}`,
    labels: buckets.days.map(formatWeekLabel),
    series: [{ name: `Net revenue per ${buckets.unit} (${picked.currency})`, kind: 'bar', color: 'gain', values: picked.values }],
    formatTick: moneyTick(picked.currency),
    wholeNumbers: false,
    emptyNote: 'No revenue in this window',
    note: picked.note,
  };
}
