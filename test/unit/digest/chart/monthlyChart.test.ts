import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatMonthLabel } from '../../../../src/digest/chart/labels.ts';
import { renderRevenueChartSvg } from '../../../../src/digest/chart/svg.ts';
import type { ChartInput, WeeklyPoint } from '../../../../src/digest/chart/types.ts';
import { findAll, hasClass, parseXml } from './xml.ts';

/** 12 calendar months, May 2025 to April 2026: each point's `weekStart` is the month's 1st. */
const MONTHS: WeeklyPoint[] = Array.from({ length: 12 }, (_, i) => {
  const month = ((4 + i) % 12) + 1;
  const year = 4 + i >= 12 ? 2026 : 2025;
  return { weekStart: `${year}-${String(month).padStart(2, '0')}-01`, netRevenue: new Decimal(1000 + i * 50), mrr: new Decimal(4000 + i * 100) };
});
const MONTHLY: ChartInput = { title: 'Net revenue and MRR · 12 months to 2026-04', currency: 'USD', points: MONTHS, period: 'month' };

function texts(input: ChartInput) {
  const root = parseXml(renderRevenueChartSvg(input));
  const all = findAll(root, 'text');
  return { all: all.map((t) => t.text), cls: (c: string) => all.filter((t) => hasClass(t, c)).map((t) => t.text), bars: findAll(root, 'rect').filter((r) => hasClass(r, 'bar')) };
}

describe('renderRevenueChartSvg for months', () => {
  it('when the points are 12 months then each is labelled by its month name, the year under the first and under January', () => {
    const { cls, bars } = texts(MONTHLY);
    expect(cls('month')).toEqual(['May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr']);
    expect(cls('year')).toEqual(['2025', '2026']);
    expect(cls('week')).toEqual([]);
    expect(bars).toHaveLength(12);
  });

  it('when the period is month then the legend says net revenue per month, never per week', () => {
    const { all } = texts(MONTHLY);
    expect(all).toContain('Net revenue per month (left)');
    expect(all).not.toContain('Net revenue per week (left)');
  });

  it('when no period is given then the chart stays weekly (labels like "May 1", legend per week)', () => {
    const { all, cls } = texts({ ...MONTHLY, period: undefined });
    expect(all).toContain('Net revenue per week (left)');
    expect(cls('week')[0]).toBe('May 1');
    expect(cls('month')).toEqual([]);
  });
});

describe('formatMonthLabel', () => {
  it('when given a month\'s first day then it gives the short month name and the year', () => {
    expect(formatMonthLabel('2026-01-01')).toEqual({ month: 'Jan', year: '2026' });
    expect(formatMonthLabel('2025-12-01')).toEqual({ month: 'Dec', year: '2025' });
  });
  it.each(['2026-13-01', '2026/01/01', ''])('when given %j then it throws', (bad) => {
    expect(() => formatMonthLabel(bad)).toThrow(/YYYY-MM-DD/);
  });
});
