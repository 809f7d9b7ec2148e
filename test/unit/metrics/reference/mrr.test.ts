import { describe, expect, it } from 'vitest';
import { chargeMonthlyAmount } from '../../../../src/metrics/monthly.ts';
import { billingIntervals } from '../../../../src/metrics/reference/billingIntervals.ts';
import { formatMoney } from '../../../../src/metrics/format.ts';
import { type MrrFigures } from '../../../../src/metrics/mrr.ts';
import { mrrAt } from '../../../../src/metrics/reference/mrrAt.ts';
import { replay } from '../../../../src/metrics/state.ts';
import type { AppEvent } from '../../../../src/domain/appEvent.ts';
import type { AppTransaction } from '../../../../src/domain/transaction.ts';
import { APP, NOW, OTHER_APP, ev, str, tx } from '../fixtures.ts';

const T = (day: number) => `2026-03-0${day}T10:00:00Z`;

/** MRR figures as plain strings: what a user would read. */
function summary(f: MrrFigures) {
  return {
    currencies: f.currencies.map((c) => ({
      currency: c.currency,
      mrr: str(c.mrr),
      arr: str(c.arr),
      paying: c.payingMerchants,
      arpu: str(c.arpu),
    })),
    paying: f.payingMerchants,
    intervalUnknown: f.intervalUnknownCharges,
  };
}

function mrr(events: AppEvent[], transactions: AppTransaction[] = [], at = NOW) {
  return mrrAt(replay(events, at), billingIntervals(transactions));
}

describe('mrrAt', () => {
  it('when one shop pays $19 every 30 days with no sale yet then MRR is 19, ARR 228 and the interval is flagged unknown', () => {
    const r = mrr([ev('INSTALLED', T(1)), ev('ACTIVATED', T(2), { charge: '42', amount: '19.00' })]);
    expect(summary(r.total)).toEqual({
      currencies: [{ currency: 'USD', mrr: '19', arr: '228', paying: 1, arpu: '19' }],
      paying: 1,
      intervalUnknown: 1,
    });
  });

  it('when an annual plan of $120 has an AppSubscriptionSale saying ANNUAL then it counts $10 a month', () => {
    const r = mrr(
      [ev('ACTIVATED', T(2), { charge: 'gid://shopify/AppSubscription/42', amount: '120.00' })],
      [tx('subscription', T(2), '96.00', { charge: '42', interval: 'ANNUAL' })],
    );
    expect(summary(r.total)).toMatchObject({ currencies: [{ mrr: '10', arr: '120', arpu: '10' }], intervalUnknown: 0 });
  });

  it('when an annual amount does not divide evenly then MRR shows $8.33 and ARR shows the plan price', () => {
    const r = mrr(
      [ev('ACTIVATED', T(2), { charge: '42', amount: '100.00' })],
      [tx('subscription', T(2), '80', { charge: '42', interval: 'ANNUAL' })],
    );
    const [usdFigures] = r.total.currencies;
    expect([formatMoney(usdFigures!.mrr, 'USD'), formatMoney(usdFigures!.arr, 'USD')]).toEqual(['$8.33', '$100.00']);
  });

  it('when a plan changes (CANCELED + ACTIVATED seconds apart) then only the new plan counts', () => {
    const r = mrr([
      ev('ACTIVATED', T(1), { charge: '41', amount: '19.00', name: 'Basic' }),
      ev('CANCELED', '2026-03-05T10:00:00Z', { charge: '41' }),
      ev('ACTIVATED', '2026-03-05T10:00:30Z', { charge: '42', amount: '49.00', name: 'Pro' }),
    ]);
    expect(summary(r.total).currencies).toEqual([{ currency: 'USD', mrr: '49', arr: '588', paying: 1, arpu: '49' }]);
  });

  it('when the subscription is frozen then it counts $0 and the shop is not a paying merchant; unfrozen it counts again', () => {
    const events = [ev('ACTIVATED', T(1), { charge: '42', amount: '19' }), ev('FROZEN', T(2), { charge: '42' })];
    expect(summary(mrr(events).total)).toEqual({ currencies: [], paying: 0, intervalUnknown: 0 });
    const unfrozen = mrr([...events, ev('UNFROZEN', T(3), { charge: '42' })]);
    expect(str(unfrozen.total.currencies[0]!.mrr)).toBe('19');
  });

  it('when the shop uninstalls then its subscription stops counting at that instant', () => {
    const events = [ev('ACTIVATED', T(1), { charge: '42', amount: '19' }), ev('UNINSTALLED', T(2))];
    expect(mrr(events, [], new Date(T(2))).total.payingMerchants).toBe(1);
    expect(mrr(events).total.payingMerchants).toBe(0);
  });

  it('when a test charge is live then it adds nothing to MRR nor to paying merchants', () => {
    const r = mrr([
      ev('ACTIVATED', T(1), { shop: '1', charge: '42', amount: '19' }),
      ev('ACTIVATED', T(1), { shop: '2', charge: '43', amount: '500', test: true }),
    ]);
    expect(summary(r.total)).toMatchObject({ currencies: [{ mrr: '19', paying: 1 }], paying: 1 });
  });

  it('when shops pay in USD and EUR then each currency has its own MRR and ARPU, never a sum', () => {
    const r = mrr([
      ev('ACTIVATED', T(1), { shop: '1', charge: '41', amount: '19' }),
      ev('ACTIVATED', T(1), { shop: '2', charge: '42', amount: '10', currency: 'EUR' }),
      ev('ACTIVATED', T(1), { shop: '3', charge: '43', amount: '30', currency: 'EUR' }),
    ]);
    expect(summary(r.total)).toEqual({
      currencies: [
        { currency: 'EUR', mrr: '40', arr: '480', paying: 2, arpu: '20' },
        { currency: 'USD', mrr: '19', arr: '228', paying: 1, arpu: '19' },
      ],
      paying: 3,
      intervalUnknown: 3,
    });
  });

  it('when a shop is REDACTED then its subscription still counts', () => {
    const r = mrr([ev('ACTIVATED', T(1), { shop: '9', domain: 'REDACTED', charge: '42', amount: '19' })]);
    expect(r.total.payingMerchants).toBe(1);
  });

  it('when there are two apps then each has its own figures and the total adds them per currency', () => {
    const r = mrr([
      ev('ACTIVATED', T(1), { app: APP, shop: '1', charge: '41', amount: '19' }),
      ev('ACTIVATED', T(1), { app: OTHER_APP, shop: '1', charge: '42', amount: '5' }),
    ]);
    expect([...r.byApp.keys()]).toEqual([APP, OTHER_APP]);
    expect(str(r.byApp.get(OTHER_APP)!.currencies[0]!.mrr)).toBe('5');
    expect(summary(r.total)).toMatchObject({ currencies: [{ mrr: '24', paying: 2, arpu: '12' }], paying: 2 });
  });

  it('when nobody pays then there are no currencies and no ARPU to divide by zero', () => {
    const r = mrr([ev('INSTALLED', T(1))]);
    expect(r.total).toEqual({ currencies: [], payingMerchants: 0, intervalUnknownCharges: 0, unpricedCharges: 0 });
  });
});

describe('billingIntervals', () => {
  it('when sales of a charge disagree then the latest sale decides; other transaction kinds are ignored', () => {
    const intervals = billingIntervals([
      tx('subscription', '2026-01-01T00:00:00Z', '10', { charge: '42', interval: 'EVERY_30_DAYS' }),
      tx('subscription', '2026-02-01T00:00:00Z', '100', { charge: 'gid://partners/AppSubscription/42', interval: 'ANNUAL' }),
      tx('usage', '2026-02-01T00:00:00Z', '1', { charge: '43', interval: 'ANNUAL' }),
    ]);
    expect([...intervals]).toEqual([['42', 'ANNUAL']]);
  });

  it('when the interval is EVERY_30_DAYS then the monthly amount is the charge amount, not flagged', () => {
    const [e] = [ev('ACTIVATED', T(1), { charge: '42', amount: '19' })];
    const shopState = [...replay([e!]).values()][0]!;
    const m = chargeMonthlyAmount(shopState.charges['42']!, new Map([['42', 'EVERY_30_DAYS']]));
    expect({ amount: str(m!.amount), unknown: m!.intervalUnknown }).toEqual({ amount: '19', unknown: false });
  });
});
