import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../../src/metrics/format.ts';
import { type CurrencyRevenue } from '../../../../src/metrics/revenue.ts';
import { revenueReport } from '../../../../src/metrics/reference/revenueReport.ts';
import { testChargeIds } from '../../../../src/metrics/state.ts';
import { OTHER_APP, ev, tx } from '../fixtures.ts';

const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') };
const IN = '2026-03-10T00:00:00Z';

/** The lines a user would read: kind -> [net, gross, unknown gross count]. */
function lines(c: CurrencyRevenue) {
  return Object.fromEntries(
    Object.entries(c.byKind)
      .filter(([, v]) => v.transactions > 0)
      .map(([kind, v]) => [kind, [formatMoney(v.net, c.currency), formatMoney(v.gross, c.currency), v.grossUnknown]]),
  );
}

describe('revenueReport', () => {
  it('when every kind of transaction occurs then net and gross are summed per kind, refunds negative', () => {
    const r = revenueReport(
      [
        tx('subscription', IN, '15.20', { gross: '19.00', charge: '42' }),
        tx('subscription', IN, '15.20', { gross: '19.00', charge: '42' }),
        tx('usage', IN, '0.80', { gross: '1.00' }),
        tx('one_time', IN, '80.00', { gross: '100.00' }),
        tx('adjustment', IN, '-15.20', { gross: '-19.00' }),
        tx('credit', IN, '-5.00', { gross: '-5.00' }),
      ],
      window,
      new Set(),
    );
    expect(r.total.map(lines)).toEqual([
      {
        subscription: ['$30.40', '$38.00', 0],
        usage: ['$0.80', '$1.00', 0],
        one_time: ['$80.00', '$100.00', 0],
        adjustment: ['-$15.20', '-$19.00', 0],
        credit: ['-$5.00', '-$5.00', 0],
      },
    ]);
    expect(formatMoney(r.total[0]!.total.net, 'USD')).toBe('$91.00');
  });

  it('when a gross amount is missing then it is counted as unknown, not guessed from net', () => {
    const r = revenueReport([tx('usage', IN, '8.00', { gross: null }), tx('usage', IN, '0.80', { gross: '1.00' })], window, new Set());
    expect(lines(r.total[0]!)).toEqual({ usage: ['$8.80', '$1.00', 1] });
  });

  it('when a transaction belongs to a test charge then it is left out', () => {
    const ids = testChargeIds([ev('ACTIVATED', IN, { charge: 'gid://shopify/AppSubscription/42', amount: '19', test: true })]);
    const r = revenueReport(
      [tx('subscription', IN, '15.20', { charge: '42' }), tx('subscription', IN, '39.20', { charge: '43' })],
      window,
      ids,
    );
    expect(lines(r.total[0]!)).toEqual({ subscription: ['$39.20', '$39.20', 0] });
    expect(r.excludedTest).toBe(1);
  });

  it('when transactions are in USD and EUR then each currency has its own lines', () => {
    const r = revenueReport(
      [tx('subscription', IN, '10', { currency: 'EUR' }), tx('subscription', IN, '20', { app: OTHER_APP })],
      window,
      new Set(),
    );
    expect(r.total.map((c) => [c.currency, formatMoney(c.total.net, c.currency)])).toEqual([
      ['EUR', '10.00 EUR'],
      ['USD', '$20.00'],
    ]);
    expect(r.byApp.get(OTHER_APP)!.map((c) => c.currency)).toEqual(['USD']);
  });

  it.each([
    ['exactly at the start', '2026-03-01T00:00:00.000000Z', 1],
    ['one microsecond before the start', '2026-02-28T23:59:59.999999Z', 0],
    ['exactly at the end', '2026-04-01T00:00:00Z', 0],
  ])('when created %s then it counts %i time(s)', (_name, createdAt, count) => {
    const r = revenueReport([tx('usage', createdAt, '1')], window, new Set());
    expect(r.total[0]?.total.transactions ?? 0).toBe(count);
  });
});
