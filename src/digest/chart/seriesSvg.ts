import { Decimal } from 'decimal.js';
import { axisTicks, sharedAxes, type Axis } from './scale.ts';
import { CHART_FONT_FAMILY, CHART_HEIGHT, CHART_WIDTH, COLOR, FONT, PLOT, estimateWidth, px, text, truncate, valueToY, type ToY } from './svg.ts';

/** One drawn series: bars from zero, or a line with dots. Values may be negative (drawn below zero). */
export interface ChartSeries {
  name: string;
  kind: 'bar' | 'line';
  color: 'gain' | 'loss' | 'mrr';
  values: Decimal[];
}

/** A chart of one figure over time: one x label per point and one value axis shared by every series. */
export interface SeriesChartInput {
  title: string;
  /** One per point, oldest first: `Mar 2`, `2026-03-02`... */
  labels: string[];
  series: ChartSeries[];
  /** Tick text for a value on the axis (money in the chart's currency, or a count). */
  formatTick: (value: Decimal) => string;
  /** Counts get whole-number ticks only. */
  wholeNumbers: boolean;
  /** Said in the middle of a chart whose values are all zero. */
  emptyNote: string;
  /** A muted note at the right of the legend (`Not shown: EUR`). */
  note?: string;
}

/**
 * A bar and/or line chart of any figure over time, in the digest chart's size, fonts and colors, as a
 * standalone SVG document. Pure: the same input gives the same string. Bars of several series in one
 * point share its slot side by side, so installs and uninstalls of a day stand next to each other.
 */
export function renderSeriesChartSvg(input: SeriesChartInput): string {
  const axis = wholeNumberAxis(sharedAxes(input.series.flatMap((s) => s.values), []).left, input);
  const y = valueToY(axis);
  const count = input.labels.length;
  const slot = (PLOT.right - PLOT.left) / Math.max(count, 1);
  const centerX = (i: number) => PLOT.left + slot * (i + 0.5);
  const barSeries = input.series.filter((s) => s.kind === 'bar');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="${COLOR.background}"/>`,
    text(32, 48, truncate(input.title, FONT.title, CHART_WIDTH - 64), { size: FONT.title, weight: 700, fill: COLOR.text }),
    ...legend(input),
    ...grid(axis, input.formatTick, y),
    ...barSeries.flatMap((s, k) => bars(s, y, (i) => centerX(i) + (k - (barSeries.length - 1) / 2) * (Math.min(slot * 0.62, 56) / barSeries.length), Math.min(slot * 0.62, 56) / barSeries.length)),
    ...input.series.filter((s) => s.kind === 'line').flatMap((s) => line(s, centerX, y, count <= 31)),
    ...xLabels(input.labels, centerX),
  ];
  if (axis.flat) parts.push(text(CHART_WIDTH / 2, (PLOT.top + PLOT.bottom) / 2, input.emptyNote, { size: FONT.note, fill: COLOR.muted, anchor: 'middle', cls: 'note' }));
  parts.push('</svg>');
  return parts.join('\n');
}

/** A count axis never steps by less than one: `1, 2, 3` rather than `0.2, 0.4`. */
function wholeNumberAxis(axis: Axis, input: SeriesChartInput): Axis {
  if (!input.wholeNumbers || axis.flat || axis.step.gte(1)) return axis;
  const values = input.series.flatMap((s) => s.values);
  const hi = Decimal.max(0, ...values).ceil().toNumber();
  const lo = Decimal.min(0, ...values).ceil().toNumber();
  return { step: new Decimal(1), above: Math.max(hi, lo === 0 ? 1 : 0), below: -lo, flat: false };
}

function grid(axis: Axis, formatTick: (value: Decimal) => string, y: ToY): string[] {
  return axisTicks(axis).flatMap((tick) => {
    const isZero = tick.isZero();
    if (!isZero && axis.flat) return [];
    const lineY = px(y(tick));
    return [
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${lineY}" y2="${lineY}" stroke="${isZero ? COLOR.zero : COLOR.grid}" stroke-width="${isZero ? 2 : 1.5}"${isZero ? ' class="zero-line"' : ''}/>`,
      text(PLOT.left - 14, lineY + FONT.tick * 0.35, formatTick(tick), { size: FONT.tick, fill: COLOR.muted, anchor: 'end', cls: 'tick-left' }),
    ];
  });
}

function bars(series: ChartSeries, y: ToY, centerX: (i: number) => number, width: number): string[] {
  const zeroY = y(0);
  return series.values.flatMap((value, i) => {
    if (value.isZero()) return [];
    const below = value.isNegative();
    // At least 2 px, so a day of one event or a few cents still shows which side of zero it fell on.
    const height = Math.max(Math.abs(y(value) - zeroY), 2);
    const color = below && series.color === 'gain' ? COLOR.loss : COLOR[series.color];
    return [`<rect class="bar" x="${px(centerX(i) - width / 2)}" y="${px(below ? zeroY : zeroY - height)}" width="${px(Math.max(width, 1))}" height="${px(height)}" fill="${color}"/>`];
  });
}

function line(series: ChartSeries, centerX: (i: number) => number, y: ToY, withDots: boolean): string[] {
  const color = COLOR[series.color];
  const coords = series.values.map((v, i) => `${px(centerX(i))},${px(y(v))}`);
  const out = series.values.length > 1 ? [`<polyline class="line" points="${coords.join(' ')}" fill="none" stroke="${color}" stroke-width="4" stroke-linejoin="round"/>`] : [];
  if (withDots) out.push(...series.values.map((v, i) => `<circle cx="${px(centerX(i))}" cy="${px(y(v))}" r="5.5" fill="${COLOR.background}" stroke="${color}" stroke-width="3"/>`));
  return out;
}

/** At most ~12 labels whatever the number of points, so they never overlap at phone size. */
function xLabels(labels: string[], centerX: (i: number) => number): string[] {
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return labels.flatMap((label, i) =>
    (labels.length - 1 - i) % every === 0 ? [text(centerX(i), PLOT.bottom + 32, label, { size: FONT.week, fill: COLOR.muted, anchor: 'middle', cls: 'x-label' })] : [],
  );
}

function legend(input: SeriesChartInput): string[] {
  const y = 86;
  let x = 32;
  const out: string[] = [];
  for (const s of input.series) {
    const color = COLOR[s.color];
    out.push(
      s.kind === 'bar'
        ? `<rect x="${x}" y="${y - 15}" width="18" height="18" fill="${color}"/>`
        : `<line x1="${x}" x2="${x + 18}" y1="${y - 6}" y2="${y - 6}" stroke="${color}" stroke-width="4"/>`,
      text(x + 28, y, s.name, { size: FONT.legend, fill: COLOR.text }),
    );
    x += 28 + estimateWidth(s.name, FONT.legend) + 32;
  }
  if (input.note) out.push(text(CHART_WIDTH - 32, y, truncate(input.note, FONT.legend, Math.max(CHART_WIDTH - 32 - x, 40)), { size: FONT.legend, fill: COLOR.muted, anchor: 'end', cls: 'others' }));
  return out;
}
