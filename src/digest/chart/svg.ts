import type { Decimal } from 'decimal.js';
import { escapeXml, formatMonthLabel, formatShortAmount, formatWeekLabel } from './labels.ts';
import { axisTicks, sharedAxes, type Axis } from './scale.ts';
import { MAX_CHART_WEEKS, type ChartInput, type ChartPeriod, type WeeklyPoint } from './types.ts';

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 500;
export const CHART_FONT_FAMILY = 'Inter';

/** The plot area inside the canvas; shared with seriesSvg.ts so both charts look alike. */
export const PLOT = { left: 132, right: CHART_WIDTH - 132, top: 112, bottom: CHART_HEIGHT - 62 };
export const COLOR = {
  background: '#ffffff',
  text: '#111827',
  muted: '#4b5563',
  grid: '#e5e7eb',
  zero: '#6b7280',
  gain: '#2563eb',
  loss: '#dc2626',
  mrr: '#ea580c',
};
export const FONT = { title: 30, legend: 20, tick: 19, week: 19, note: 26 };
/** Inter's average advance width per em; only used to keep estimated text inside the canvas. */
const EM_WIDTH = 0.58;

/**
 * Net revenue per week (or per month: `input.period`) as bars (left axis) and MRR as a line (right
 * axis) for one currency, as a standalone SVG document. Pure: the same input gives the same string.
 */
export function renderRevenueChartSvg(input: ChartInput): string {
  const points = input.points.slice(-MAX_CHART_WEEKS);
  const currency = input.currency.toUpperCase();
  const axes = sharedAxes(points.map((p) => p.netRevenue), points.map((p) => p.mrr));
  const y = valueToY(axes.left);
  const yMrr = valueToY(axes.right);
  const slot = (PLOT.right - PLOT.left) / Math.max(points.length, 1);
  const centerX = (i: number) => PLOT.left + slot * (i + 0.5);
  const empty = axes.left.flat && axes.right.flat;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="${COLOR.background}"/>`,
    text(32, 48, truncate(input.title, FONT.title, CHART_WIDTH - 64), { size: FONT.title, weight: 700, fill: COLOR.text }),
    ...legend(otherCurrencies(input, currency), input.period ?? 'week'),
    ...grid(axes.left, axes.right, currency, y),
    ...bars(points, centerX, Math.min(slot * 0.62, 56), y),
    ...mrrLine(points, centerX, yMrr),
    ...(input.period === 'month' ? monthLabels(points, centerX) : weekLabels(points, centerX)),
  ];
  if (empty) {
    const middle = (PLOT.top + PLOT.bottom) / 2;
    parts.push(text(CHART_WIDTH / 2, middle, 'No revenue yet', { size: FONT.note, fill: COLOR.muted, anchor: 'middle', cls: 'note' }));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Maps a value on `axis` to a y coordinate; zero sits on the same line for both axes. */
export type ToY = (value: Decimal | number) => number;

export function valueToY(axis: Axis): ToY {
  const interval = (PLOT.bottom - PLOT.top) / (axis.below + axis.above);
  const zeroY = PLOT.top + axis.above * interval;
  const step = axis.step.toNumber();
  return (value) => zeroY - (Number(value) / step) * interval;
}

function grid(left: Axis, right: Axis, currency: string, y: ToY): string[] {
  const rightTicks = axisTicks(right);
  return axisTicks(left).flatMap((tick, i) => {
    const isZero = tick.isZero();
    if (!isZero && left.flat && right.flat) return [];
    const lineY = px(y(tick));
    const baseline = lineY + FONT.tick * 0.35;
    const out = [
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${lineY}" y2="${lineY}" stroke="${isZero ? COLOR.zero : COLOR.grid}" stroke-width="${isZero ? 2 : 1.5}"${isZero ? ' class="zero-line"' : ''}/>`,
    ];
    if (!left.flat || isZero) {
      out.push(text(PLOT.left - 14, baseline, formatShortAmount(tick, currency), { size: FONT.tick, fill: COLOR.muted, anchor: 'end', cls: 'tick-left' }));
    }
    if (!right.flat || isZero) {
      out.push(text(PLOT.right + 14, baseline, formatShortAmount(rightTicks[i]!, currency), { size: FONT.tick, fill: COLOR.muted, cls: 'tick-right' }));
    }
    return out;
  });
}

function bars(points: WeeklyPoint[], centerX: (i: number) => number, width: number, y: ToY): string[] {
  const zeroY = y(0);
  return points.flatMap((p, i) => {
    if (p.netRevenue.isZero()) return [];
    const loss = p.netRevenue.isNegative();
    // At least 2 px, so a week of a few cents still shows which side of zero it fell on.
    const height = Math.max(Math.abs(y(p.netRevenue) - zeroY), 2);
    const top = loss ? zeroY : zeroY - height;
    return [
      `<rect class="bar ${loss ? 'bar-loss' : 'bar-gain'}" x="${px(centerX(i) - width / 2)}" y="${px(top)}" width="${px(width)}" height="${px(height)}" fill="${loss ? COLOR.loss : COLOR.gain}"/>`,
    ];
  });
}

function mrrLine(points: WeeklyPoint[], centerX: (i: number) => number, y: ToY): string[] {
  if (points.length === 0) return [];
  const coords = points.map((p, i) => `${px(centerX(i))},${px(y(p.mrr))}`);
  const dots = points.map(
    (p, i) => `<circle cx="${px(centerX(i))}" cy="${px(y(p.mrr))}" r="5.5" fill="${COLOR.background}" stroke="${COLOR.mrr}" stroke-width="3"/>`,
  );
  const line = points.length > 1 ? [`<polyline class="mrr" points="${coords.join(' ')}" fill="none" stroke="${COLOR.mrr}" stroke-width="4" stroke-linejoin="round"/>`] : [];
  return [...line, ...dots];
}

/** Month names only where the month changes (and on the first week), so 12 labels fit at phone size. */
function weekLabels(points: WeeklyPoint[], centerX: (i: number) => number): string[] {
  let previousMonth = '';
  return points.map((p, i) => {
    const [month = '', day = ''] = formatWeekLabel(p.weekStart).split(' ');
    const label = month === previousMonth ? day : `${month} ${day}`;
    previousMonth = month;
    return text(centerX(i), PLOT.bottom + 32, label, { size: FONT.week, fill: COLOR.muted, anchor: 'middle', cls: 'week' });
  });
}

/** Month names, with the year under the first one and under each January. */
function monthLabels(points: WeeklyPoint[], centerX: (i: number) => number): string[] {
  return points.flatMap((p, i) => {
    const { month, year } = formatMonthLabel(p.weekStart);
    const label = text(centerX(i), PLOT.bottom + 32, month, { size: FONT.week, fill: COLOR.muted, anchor: 'middle', cls: 'month' });
    if (i > 0 && month !== 'Jan') return [label];
    return [label, text(centerX(i), PLOT.bottom + 54, year, { size: FONT.week, fill: COLOR.muted, anchor: 'middle', cls: 'year' })];
  });
}

function legend(others: string[], period: ChartPeriod): string[] {
  const y = 86;
  const barLabel = `Net revenue per ${period} (left)`;
  const lineLabel = 'MRR (right)';
  const lineX = 60 + estimateWidth(barLabel, FONT.legend) + 36;
  const out = [
    `<rect x="32" y="${y - 15}" width="18" height="18" fill="${COLOR.gain}"/>`,
    text(60, y, barLabel, { size: FONT.legend, fill: COLOR.text }),
    `<line x1="${lineX}" x2="${lineX + 30}" y1="${y - 6}" y2="${y - 6}" stroke="${COLOR.mrr}" stroke-width="4"/>`,
    `<circle cx="${lineX + 15}" cy="${y - 6}" r="5" fill="${COLOR.background}" stroke="${COLOR.mrr}" stroke-width="3"/>`,
    text(lineX + 40, y, lineLabel, { size: FONT.legend, fill: COLOR.text }),
  ];
  const room = CHART_WIDTH - 32 - (lineX + 40 + estimateWidth(lineLabel, FONT.legend) + 32);
  const note = othersNote(others, room);
  if (note) out.push(text(CHART_WIDTH - 32, y, note, { size: FONT.legend, fill: COLOR.muted, anchor: 'end', cls: 'others' }));
  return out;
}

/** `Not shown: EUR, GBP`, shortened to `Not shown: EUR, +3` or `Not shown: 4 currencies` to fit. */
function othersNote(others: string[], room: number): string | null {
  if (others.length === 0) return null;
  for (let listed = others.length; listed > 0; listed--) {
    const rest = others.length - listed;
    const note = `Not shown: ${others.slice(0, listed).join(', ')}${rest > 0 ? `, +${rest}` : ''}`;
    if (estimateWidth(note, FONT.legend) <= room) return note;
  }
  return `Not shown: ${others.length} ${others.length === 1 ? 'currency' : 'currencies'}`;
}

function otherCurrencies(input: ChartInput, currency: string): string[] {
  const codes = (input.otherCurrencies ?? []).map((c) => c.toUpperCase()).filter((c) => c !== currency);
  return [...new Set(codes)];
}

interface TextStyle {
  size: number;
  fill: string;
  weight?: number;
  anchor?: 'start' | 'middle' | 'end';
  cls?: string;
}

export function text(x: number, y: number, content: string, style: TextStyle): string {
  const attrs = [
    style.cls ? `class="${style.cls}"` : '',
    `x="${px(x)}"`,
    `y="${px(y)}"`,
    `font-size="${style.size}"`,
    style.weight ? `font-weight="${style.weight}"` : '',
    style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : '',
    `fill="${style.fill}"`,
  ];
  return `<text ${attrs.filter(Boolean).join(' ')}>${escapeXml(content)}</text>`;
}

export function truncate(content: string, size: number, maxWidth: number): string {
  const chars = [...content];
  const fits = Math.floor(maxWidth / (size * EM_WIDTH));
  return chars.length <= fits ? content : `${chars.slice(0, fits - 1).join('').trimEnd()}…`;
}

export function estimateWidth(content: string, size: number): number {
  return [...content].length * size * EM_WIDTH;
}

export function px(n: number): number {
  return Math.round(n * 10) / 10;
}
