import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { escapeXml, formatShortAmount, formatWeekLabel } from '../../../../src/digest/chart/labels.ts';

describe('formatShortAmount', () => {
  it.each([
    ['0', 'USD', '$0'],
    ['-0.001', 'USD', '$0'],
    ['0.5', 'USD', '$0.50'],
    ['250', 'USD', '$250'],
    ['999.99', 'USD', '$999.99'],
    ['1000', 'USD', '$1k'],
    ['12345.67', 'USD', '$12.3k'],
    ['-2000', 'USD', '-$2k'],
    ['999960', 'USD', '$1M'],
    ['1234567', 'USD', '$1.2M'],
    ['2500000000', 'USD', '$2.5B'],
    ['3000000000000', 'USD', '$3T'],
    ['12345.67', 'EUR', '12.3k EUR'],
    ['-500', 'eur', '-500 EUR'],
    ['0', 'GBP', '0 GBP'],
  ])('when %s %s then %s', (amount, currency, expected) => {
    expect(formatShortAmount(new Decimal(amount), currency)).toBe(expected);
  });
});

describe('formatWeekLabel', () => {
  it('when given a calendar date then shows month and day without a time zone shift', () => {
    expect(formatWeekLabel('2026-03-02')).toBe('Mar 2');
    expect(formatWeekLabel('2026-12-28')).toBe('Dec 28');
  });

  it.each(['2026-3-2', '2026-13-01', 'last week', ''])('when given %j then throws', (bad) => {
    expect(() => formatWeekLabel(bad)).toThrow(/YYYY-MM-DD/);
  });
});

describe('escapeXml', () => {
  it('when text has markup characters then all five are escaped', () => {
    expect(escapeXml(`Tom & Jerry's <"App">`)).toBe('Tom &amp; Jerry&apos;s &lt;&quot;App&quot;&gt;');
  });
});
