import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { renderSeriesChartSvg, type SeriesChartInput } from '../../../src/digest/chart/seriesSvg.ts';
import { chartBuckets } from '../../../src/figures/chartBuckets.ts';
import { splitChartWord } from '../../../src/figures/charts/chartWord.ts';

const DAY = 86_400_000;

describe('splitChartWord', () => {
  it.each([
    ['last 30d chart', { args: 'last 30d', chart: true }],
    ['Chart', { args: '', chart: true }],
    ['last 30d', { args: 'last 30d', chart: false }],
    ['chart last 30d', { args: 'chart last 30d', chart: false }],
  ])('when the words are "%s", then %j', (args, expected) => {
    expect(splitChartWord(args)).toEqual(expected);
  });
});

describe('chartBuckets', () => {
  const end = new Date('2026-03-25T12:00:00Z');
  it('when the window is a week, then one bucket per local day, the first clipped to the window', () => {
    const b = chartBuckets({ start: new Date(end.getTime() - 7 * DAY), end }, 'Europe/Paris')!;
    expect(b.unit).toBe('day');
    expect(b.days).toEqual(['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']);
    expect(b.starts[0]).toEqual(new Date(end.getTime() - 7 * DAY));
  });
  it('when the window is a quarter, then Monday weeks; when it is years, then none (too many to draw)', () => {
    const quarter = chartBuckets({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') }, 'UTC')!;
    expect(quarter.unit).toBe('week');
    expect(quarter.days[1]).toBe('2026-01-05');
    expect(chartBuckets({ start: new Date('2020-01-01T00:00:00Z'), end }, 'UTC')).toBeNull();
  });
});

describe('renderSeriesChartSvg', () => {
  const input = (values: number[]): SeriesChartInput => ({
    title: 'Installs · <b>&"App"', labels: values.map((_, i) => `Mar ${i + 1}`),
    series: [{ name: 'Installs per day', kind: 'bar', color: 'gain', values: values.map((v) => new Decimal(v)) }],
    formatTick: (v) => v.toFixed(0), wholeNumbers: true, emptyNote: 'No installs in this window',
  });
  const ticks = (svg: string) => [...svg.matchAll(/class="tick-left"[^>]*>([^<]*)</g)].map((m) => m[1]);

  it('when counts are small, then ticks are whole numbers, never 0.2 steps', () => {
    expect(ticks(renderSeriesChartSvg(input([0, 1, 0])))).toEqual(['0', '1']);
  });
  it('when a title comes from the Partner API, then it is escaped text in the SVG', () => {
    expect(renderSeriesChartSvg(input([1]))).toContain('Installs · &lt;b&gt;&amp;&quot;App&quot;');
  });
  it('when every value is zero, then the chart says so', () => {
    expect(renderSeriesChartSvg(input([0, 0]))).toContain('No installs in this window');
  });
});
