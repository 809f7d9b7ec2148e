import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../../src/domain/appEvent.ts';
import { type ChurnFigures } from '../../../../src/metrics/churn.ts';
import { churnReport } from '../../../../src/metrics/reference/churnReport.ts';
import { formatRate } from '../../../../src/metrics/format.ts';
import { billingIntervals } from '../../../../src/metrics/reference/billingIntervals.ts';
import { replaySnapshots } from '../../../../src/metrics/state.ts';
import { APP, OTHER_APP, ev } from '../fixtures.ts';

const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-08T00:00:00Z') };
const BEFORE = '2026-02-15T10:00:00Z';
const DURING = '2026-03-04T10:00:00Z';

function churn(events: AppEvent[]) {
  const [start, end] = replaySnapshots(events, [window.start, window.end]);
  return churnReport({ events, window, start: start!, end: end!, intervals: billingIntervals([]), timeZone: 'UTC' });
}

/** The rates as the user reads them. */
function rates(f: ChurnFigures) {
  return {
    merchant: formatRate(f.merchantChurn),
    closures: formatRate(f.closureRate),
    paying: formatRate(f.payingMerchantChurn),
    mrr: f.mrr.map((m) => [m.currency, formatRate(m.grossMrrChurn), formatRate(m.netMrrChurn)]),
  };
}

const installed = (shop: string, app = APP) => ev('INSTALLED', BEFORE, { shop, app });
const paying = (shop: string, amount: string, currency = 'USD') =>
  ev('ACTIVATED', BEFORE, { shop, charge: `c${shop}${currency}`, amount, currency });

describe('churnReport', () => {
  it('when 1 of 4 installed shops uninstalls and 1 closes then merchant churn is 25.0% and closures are reported apart', () => {
    const r = churn([
      ...['1', '2', '3', '4'].map((s) => installed(s)),
      ev('UNINSTALLED', DURING, { shop: '1' }),
      ev('DEACTIVATED', DURING, { shop: '2' }),
    ]);
    expect(r.total).toMatchObject({ installedAtStart: 4, churnedMerchants: 1, closedStores: 1 });
    expect(rates(r.total)).toMatchObject({ merchant: '25.0%', closures: '25.0%' });
  });

  it('when a shop uninstalls and reinstalls inside the window then it has not churned at b, and the reinstall is counted', () => {
    const r = churn([installed('1'), ev('UNINSTALLED', DURING, { shop: '1' }), ev('INSTALLED', '2026-03-05T00:00:00Z', { shop: '1' })]);
    expect(r.total.churnedMerchants).toBe(0);
    expect(r.total.activity).toMatchObject({ installs: 1, uninstalls: 1, reinstalls: 1 });
  });

  it('when a shop installs inside the window and uninstalls then it is not in the churn base (not installed at a)', () => {
    const r = churn([installed('1'), ev('INSTALLED', DURING, { shop: '2' }), ev('UNINSTALLED', '2026-03-05T00:00:00Z', { shop: '2' })]);
    expect(r.total).toMatchObject({ installedAtStart: 1, churnedMerchants: 0 });
  });

  it('when nothing was installed or paying at a then every rate is n/a, not 0% or NaN', () => {
    const r = churn([ev('INSTALLED', DURING, { shop: '1' })]);
    expect(rates(r.total)).toEqual({ merchant: 'n/a', closures: 'n/a', paying: 'n/a', mrr: [] });
  });

  it('when MRR was only in USD at a and a EUR shop starts then EUR MRR churn is n/a and USD is computed alone', () => {
    const r = churn([paying('1', '100'), ev('ACTIVATED', DURING, { shop: '2', charge: '9', amount: '50', currency: 'EUR' })]);
    expect(rates(r.total).mrr).toEqual([
      ['EUR', 'n/a', 'n/a'],
      ['USD', '0.0%', '0.0%'],
    ]);
  });

  it('when one shop churns, one contracts and one expands then gross and net MRR churn follow METRICS.md (net may be negative)', () => {
    // MRR(a) = 100 + 100 + 100 = 300. churned 100, contraction 40, expansion 200.
    const r = churn([
      paying('1', '100'),
      paying('2', '100'),
      paying('3', '100'),
      ev('UNINSTALLED', DURING, { shop: '1' }),
      ev('ACTIVATED', DURING, { shop: '2', charge: 'down', amount: '60' }),
      ev('ACTIVATED', DURING, { shop: '3', charge: 'up', amount: '300' }),
    ]);
    // gross = 140 / 300 = 46.7%; net = (140 - 200) / 300 = -20.0%
    expect(rates(r.total).mrr).toEqual([['USD', '46.7%', '-20.0%']]);
    expect(r.total).toMatchObject({ payingAtStart: 3, lostPayingMerchants: 1 });
    expect(rates(r.total).paying).toBe('33.3%');
  });

  it('when a subscription is frozen then the merchant stops paying (paying churn) but has not uninstalled', () => {
    const r = churn([installed('1'), paying('1', '19'), ev('FROZEN', DURING, { shop: '1', charge: 'c1USD' })]);
    expect(r.total).toMatchObject({ churnedMerchants: 0, lostPayingMerchants: 1 });
  });

  it('when only a test charge ended then paying-merchant churn is n/a (test charges are not paying merchants)', () => {
    const r = churn([
      ev('ACTIVATED', BEFORE, { shop: '1', charge: '5', amount: '19', test: true }),
      ev('CANCELED', DURING, { shop: '1', charge: '5' }),
    ]);
    expect(r.total.payingAtStart).toBe(0);
    expect(rates(r.total).paying).toBe('n/a');
  });

  it('when two apps churn differently then each app has its own rate and the total pools (app, shop) pairs', () => {
    const r = churn([
      installed('1', APP),
      installed('2', APP),
      installed('1', OTHER_APP),
      ev('UNINSTALLED', DURING, { shop: '1', app: OTHER_APP }),
    ]);
    expect(formatRate(r.byApp.get(APP)!.merchantChurn)).toBe('0.0%');
    expect(formatRate(r.byApp.get(OTHER_APP)!.merchantChurn)).toBe('100.0%');
    expect(formatRate(r.total.merchantChurn)).toBe('33.3%');
  });

  it('when a shop uninstalls exactly at the end of the window then it has not churned in it', () => {
    const r = churn([installed('1'), ev('UNINSTALLED', window.end.toISOString(), { shop: '1' })]);
    expect(r.total).toMatchObject({ installedAtStart: 1, churnedMerchants: 0, activity: { uninstalls: 0 } });
  });

  it('when a shop uninstalls exactly at the start of the window then it churned in it', () => {
    const r = churn([installed('1'), ev('UNINSTALLED', window.start.toISOString(), { shop: '1' })]);
    expect(r.total).toMatchObject({ installedAtStart: 1, churnedMerchants: 1, activity: { uninstalls: 1 } });
  });
});
