import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatRate, formatSignedPercentChange } from '../../../src/metrics/format.ts';

const d = (s: string) => new Decimal(s);

describe('formatMoney', () => {
  it.each([
    ['12345.67', 'USD', '$12,345.67'],
    ['12345.67', 'EUR', '12,345.67 EUR'],
    ['-19', 'USD', '-$19.00'],
    ['-19', 'eur', '-19.00 EUR'],
    ['0', 'USD', '$0.00'],
    ['-0.004', 'USD', '$0.00'],
    ['0.125', 'USD', '$0.13'],
    ['0.135', 'USD', '$0.14'],
    ['-0.125', 'USD', '-$0.13'],
    ['1234567890.5', 'JPY', '1,234,567,890.50 JPY'],
    ['999.995', 'USD', '$1,000.00'],
    ['8.3333333333', 'USD', '$8.33'],
  ])('when %s %s then shows %s', (amount, currency, shown) => {
    expect(formatMoney(d(amount), currency)).toBe(shown);
  });
});

describe('formatRate', () => {
  it.each([
    [d('0.042'), '4.2%'],
    [d('0.25'), '25.0%'],
    [d('1'), '100.0%'],
    [d('-0.2'), '-20.0%'],
    [d('0.00049'), '0.0%'],
    [d('-0.0001'), '0.0%'],
    [d('0.4666666'), '46.7%'],
    [null, 'n/a'],
  ])('when %s then shows %s', (rate, shown) => {
    expect(formatRate(rate)).toBe(shown);
  });
});

describe('formatSignedPercentChange', () => {
  it.each([
    ['100', '112.5', '+12.5%'],
    ['100', '97', '\u22123.0%'],
    ['100', '100', '0.0%'],
    ['0', '50', 'n/a'],
    ['-100', '-50', '+50.0%'],
    ['3', '4', '+33.3%'],
  ])('when %s becomes %s then shows %s', (prev, curr, shown) => {
    expect(formatSignedPercentChange(d(prev), d(curr))).toBe(shown);
  });
});
