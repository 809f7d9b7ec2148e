import { Decimal } from 'decimal.js';
import { formatWeekLabel } from '../../digest/chart/labels.ts';
import type { SeriesChartInput } from '../../digest/chart/seriesSvg.ts';
import type { Db } from '../../storage/figures/common.ts';
import { queryInstallSeries } from '../../storage/figures/seriesQuery.ts';
import { chartBuckets } from '../chartBuckets.ts';
import type { WindowedFigure } from '../windowedFigure.ts';

/** Installs and uninstalls per day (or week, past 31 days) over the window, side by side; null: none. */
export async function installsChart(db: Db, figure: WindowedFigure): Promise<SeriesChartInput | null | 'too_long'> {
  const buckets = chartBuckets(figure.window, figure.scope.timeZone);
  if (!buckets) return 'too_long';
  const { installs, uninstalls } = await queryInstallSeries(db, figure.scope.connection.id, { starts: buckets.starts, end: figure.window.end }, figure.appIds);
  if ([...installs, ...uninstalls].every((n) => n === 0)) return null;
  return {
    title: `Installs · ${figure.label} · ${figure.window.label}`,
    labels: buckets.days.map(formatWeekLabel),
    series: [
      { name: `Installs per ${buckets.unit}`, kind: 'bar', color: 'gain', values: installs.map((n) => new Decimal(n)) },
      { name: `Uninstalls per ${buckets.unit}`, kind: 'bar', color: 'loss', values: uninstalls.map((n) => new Decimal(n)) },
    ],
    formatTick: (value) => value.toFixed(0),
    wholeNumbers: true,
    emptyNote: 'No installs or uninstalls in this window',
  };
}
