import { describe, expect, it } from 'vitest';
import { primaryCurrencyChart } from '../../../../src/digest/chart/primaryCurrency.ts';
import { weeks } from './fixtures.ts';

describe('primaryCurrencyChart', () => {
  it('when paid in several currencies then the one with the largest latest MRR is drawn and the rest named', () => {
    const byCurrency = new Map([
      ['EUR', weeks([500, 600], () => 4000)],
      ['usd', weeks([900, 100], (i) => (i === 1 ? 5000 : 3000))],
      ['GBP', weeks([50, 60], () => 200)],
    ]);
    const chart = primaryCurrencyChart('Weekly revenue', byCurrency);
    expect(chart).toMatchObject({ title: 'Weekly revenue', currency: 'USD', otherCurrencies: ['EUR', 'GBP'] });
    expect(chart!.points).toBe(byCurrency.get('usd'));
  });

  it('when MRR ties then net revenue decides, then the code', () => {
    const chart = primaryCurrencyChart('t', new Map([['EUR', weeks([1], () => 0)], ['CAD', weeks([1], () => 0)], ['GBP', weeks([5], () => 0)]]));
    expect([chart!.currency, chart!.otherCurrencies]).toEqual(['GBP', ['CAD', 'EUR']]);
  });

  it('when there is no currency then there is no chart', () => {
    expect(primaryCurrencyChart('t', new Map())).toBeNull();
  });
});
