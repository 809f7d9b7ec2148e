import { Decimal } from 'decimal.js';
import { renderSvgPng } from '../src/digest/chart/png.ts';
import { renderSeriesChartSvg, type SeriesChartInput } from '../src/digest/chart/seriesSvg.ts';
import { formatShortAmount } from '../src/digest/chart/labels.ts';

/**
 * The three on-demand figure charts (`mrr chart`, `revenue last 30d chart`, `installs last 31d
 * chart`) on realistic series, each rendered (SVG + PNG) 50 times in a row: p50/p95 per chart.
 * Target: under 300 ms p95 per chart.
 */
const RUNS = 50;

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function charts(): Record<'mrr' | 'revenue' | 'installs', SeriesChartInput> {
  const random = seeded(14);
  const days = (n: number) => Array.from({ length: n }, (_, i) => `Mar ${i + 1}`);
  const money = (currency: string) => (v: Decimal) => formatShortAmount(v, currency);
  let mrr = 48_000;
  return {
    mrr: {
      title: 'MRR · All apps · last 12 weeks', labels: Array.from({ length: 12 }, (_, i) => `Week ${i + 1}`),
      series: [{ name: 'MRR at week end (USD)', kind: 'line', color: 'mrr', values: Array.from({ length: 12 }, () => new Decimal((mrr += (random() - 0.3) * 2000).toFixed(2))) }],
      formatTick: money('USD'), wholeNumbers: false, emptyNote: 'No MRR yet', note: 'Not shown: EUR, GBP',
    },
    revenue: {
      title: 'Net revenue · All apps · last 30 days', labels: days(31),
      series: [{ name: 'Net revenue per day (USD)', kind: 'bar', color: 'gain', values: days(31).map(() => new Decimal(((random() - 0.05) * 3000).toFixed(2))) }],
      formatTick: money('USD'), wholeNumbers: false, emptyNote: 'No revenue in this window',
    },
    installs: {
      title: 'Installs · All apps · last 31 days', labels: days(31),
      series: [
        { name: 'Installs per day', kind: 'bar', color: 'gain', values: days(31).map(() => new Decimal(Math.round(random() * 40))) },
        { name: 'Uninstalls per day', kind: 'bar', color: 'loss', values: days(31).map(() => new Decimal(Math.round(random() * 25))) },
      ],
      formatTick: (v) => v.toFixed(0), wholeNumbers: true, emptyNote: 'No installs or uninstalls in this window',
    },
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(1);

export default async function chartsBench(): Promise<void> {
  // One render first loads the rasterizer and fonts, as the first chart after start does.
  await renderSvgPng(renderSeriesChartSvg(charts().mrr));
  for (const [name, input] of Object.entries(charts())) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const png = await renderSvgPng(renderSeriesChartSvg(input));
      times.push(performance.now() - started);
      bytes = png.length;
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`  ${name} chart (${RUNS} renders, SVG + PNG): p50 ${pct(times, 0.5)} ms, p95 ${pct(times, 0.95)} ms, max ${pct(times, 1)} ms, ${Math.round(bytes / 1024)} KiB\n`);
  }
}
