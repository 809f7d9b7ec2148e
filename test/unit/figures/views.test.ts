import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { ChurnFigures } from '../../../src/metrics/churn.ts';
import type { CurrencyMovements } from '../../../src/metrics/movements.ts';
import type { MrrFigures } from '../../../src/metrics/mrr.ts';
import type { CurrencyRevenue, KindRevenue } from '../../../src/metrics/revenue.ts';
import { buildChurnMessage } from '../../../src/figures/views/churnView.ts';
import { change } from '../../../src/figures/views/figureBlocks.ts';
import { buildInstallsMessage } from '../../../src/figures/views/installsView.ts';
import { buildMrrMessage } from '../../../src/figures/views/mrrView.ts';
import { buildRevenueMessage } from '../../../src/figures/views/revenueView.ts';
import { checkMessage } from '../../helpers/blockKitLimits.ts';

const d = (v: string) => new Decimal(v);
const all = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

function mrr(currencies: Array<[string, string, number]>, paying?: number): MrrFigures {
  return {
    currencies: currencies.map(([currency, amount, n]) => ({ currency, mrr: d(amount), arr: d(amount).times(12), payingMerchants: n, arpu: n ? d(amount).div(n) : null })),
    payingMerchants: paying ?? currencies.reduce((s, [, , n]) => s + n, 0),
    intervalUnknownCharges: 0,
    unpricedCharges: 0,
  };
}

function movements(currency: string, amounts: Partial<Record<'new' | 'reactivation' | 'expansion' | 'contraction' | 'churned', [string, number]>>): CurrencyMovements {
  const zero = d('0');
  const kinds = ['new', 'reactivation', 'expansion', 'contraction', 'churned'] as const;
  return {
    currency,
    mrrStart: zero,
    mrrEnd: zero,
    amounts: Object.fromEntries(kinds.map((k) => [k, d(amounts[k]?.[0] ?? '0')])) as CurrencyMovements['amounts'],
    counts: Object.fromEntries(kinds.map((k) => [k, amounts[k]?.[1] ?? 0])) as CurrencyMovements['counts'],
  };
}

describe('change', () => {
  it.each([
    ['100', '112.5', '↑ +12.5%'],
    ['100', '97', '↓ −3.0%'],
    ['100', '100', '→ 0.0%'],
    ['0', '50', 'n/a (was 0)'],
    ['0', '0', 'n/a'],
    ['-10', '-5', '↑ +50.0%'],
  ])('when a figure goes from %s to %s, then it reads %s', (prev, curr, text) => {
    expect(change(prev, curr)).toBe(text);
  });
});

describe('buildMrrMessage', () => {
  it('when there are two currencies, then each has its own headline and they are never added', () => {
    const message = buildMrrMessage({
      scope: 'All apps',
      now: mrr([['EUR', '1234.5', 10], ['USD', '12345.678', 100]]),
      before: mrr([['USD', '10000', 90]]),
      movements: [movements('USD', { new: ['2500', 12], churned: ['154.32', 2] })],
      perApp: null,
      notes: ['Importing history: 62% — figures so far.'],
    });
    const text = all(message);
    expect(text).toContain('*$12,345.68* MRR   ↑ +23.5% in 30 days');
    expect(text).toContain('*1,234.50 EUR* MRR   n/a (was 0) in 30 days');
    expect(text).toContain('+$2,500.00 new (12)');
    expect(text).toContain('−$154.32 churned (2)');
    expect(text).toContain('Currencies are never added together.');
    expect(message.text).toContain('Importing history: 62% — figures so far.');
    expect(checkMessage(message as never)).toEqual([]);
  });

  it('when nobody pays, then it says so instead of showing $0.00 rates', () => {
    const message = buildMrrMessage({ scope: 'Reviews', now: mrr([]), before: mrr([]), movements: [], perApp: null, notes: [] });
    expect(all(message)).toContain('No paying merchants yet.');
  });

  it('when many apps are tracked, then the app list is cut short within Slack limits and names are escaped', () => {
    const perApp = Array.from({ length: 40 }, (_, i) => ({ name: `<App & ${i}>`, figures: mrr([['USD', '10', 1]]) }));
    const message = buildMrrMessage({ scope: 'All apps', now: mrr([['USD', '400', 40]]), before: mrr([['USD', '400', 40]]), movements: [], perApp, notes: [] });
    const text = all(message);
    expect(text).toContain('&lt;App &amp; 0&gt;');
    expect(text).not.toContain('<App');
    expect(text).toContain('…and 25 more');
    expect(checkMessage(message as never)).toEqual([]);
  });
});

function churn(overrides: Partial<ChurnFigures> = {}): ChurnFigures {
  return {
    installedAtStart: 0, churnedMerchants: 0, merchantChurn: null, closedStores: 0, closureRate: null, payingAtStart: 0,
    lostPayingMerchants: 0, payingMerchantChurn: null, mrr: [],
    activity: { installs: 0, uninstalls: 0, net: 0, reinstalls: 0, closures: 0, reactivations: 0 },
    ...overrides,
  };
}

describe('buildChurnMessage', () => {
  it('when bases are zero, then rates read n/a, never 0% or NaN', () => {
    const text = all(buildChurnMessage({ scope: 'All apps', windowLabel: 'last 30 days', figures: churn(), reasons: { uninstalls: 0, reasons: [], descriptions: [] }, notes: [] }));
    expect(text).toContain('*n/a* merchant churn');
    expect(text).not.toMatch(/NaN|Infinity|\b0\.0%/);
  });

  it('when merchants left with reasons and descriptions, then the top reasons and latest words show, escaped', () => {
    const message = buildChurnMessage({
      scope: 'Reviews',
      windowLabel: 'last 30 days',
      figures: churn({
        installedAtStart: 286, churnedMerchants: 12, merchantChurn: d('12').div(286), payingAtStart: 64, lostPayingMerchants: 2, payingMerchantChurn: d('2').div(64),
        mrr: [{ currency: 'USD', mrrStart: d('1000'), churned: d('49'), contraction: d('10'), expansion: d('80'), grossMrrChurn: d('0.059'), netMrrChurn: d('-0.021') }],
        activity: { installs: 40, uninstalls: 15, net: 25, reinstalls: 3, closures: 1, reactivations: 0 },
      }),
      reasons: {
        uninstalls: 15,
        reasons: [{ reason: 'Too expensive', count: 7 }, { reason: 'No reason given', count: 5 }, { reason: 'Zu teuer', count: 3 }],
        descriptions: [{ appId: '1', shopId: '2', shopDomain: null, occurredAt: '2026-03-01T10:00:00.000000Z', description: 'We use <other> app & more' }],
      },
      notes: [],
    });
    const text = all(message);
    expect(text).toContain('*4.2%* merchant churn   12 of 286 installed shops uninstalled');
    expect(text).toContain('3.1% (2 of 64)');
    expect(text).toContain('gross 5.9% · net -2.1%');
    expect(text).toContain('of $1,000.00: −$49.00 churned · −$10.00 contraction · +$80.00 expansion');
    expect(text).toContain('40 (3 reinstalls)');
    expect(text).toContain('• Too expensive — 7');
    expect(text).toContain('• Zu teuer — 3');
    expect(text).toContain('We use &lt;other&gt; app &amp; more');
    expect(text).toContain('shop 2, 2026-03-01');
    expect(checkMessage(message as never)).toEqual([]);
  });
});

function line(net: string, gross: string, n = 1): KindRevenue {
  return { net: d(net), gross: d(gross), grossUnknown: 0, transactions: n };
}
function revenue(currency: string, kinds: Partial<Record<'subscription' | 'usage' | 'one_time' | 'adjustment' | 'credit', KindRevenue>>): CurrencyRevenue {
  const empty = line('0', '0', 0);
  const byKind = { subscription: empty, usage: empty, one_time: empty, adjustment: empty, credit: empty, other: empty, ...kinds };
  const total = Object.values(byKind).reduce((t, l) => line(t.net.plus(l.net).toString(), t.gross.plus(l.gross).toString(), t.transactions + l.transactions), empty);
  return { currency, byKind, total };
}

describe('buildRevenueMessage', () => {
  it('when revenue grew and refunds were negative, then net and gross compare with the previous period per kind', () => {
    const message = buildRevenueMessage({
      scope: 'All apps',
      windowLabel: 'this month (2026-03-01 – 2026-03-09)',
      current: { total: [revenue('USD', { subscription: line('1900', '2000', 10), adjustment: line('-19', '-20') })], excludedTest: 2 },
      previous: { total: [revenue('USD', { subscription: line('1000', '1050', 5) })] },
      notes: [],
    });
    const text = all(message);
    expect(text).toContain('*$1,881.00* net   ↑ +88.1% vs the previous period');
    // `&` is escaped in mrkdwn; Slack shows it as "Refunds & adjustments".
    expect(text).toContain('Refunds &amp; adjustments: -$19.00 net · -$20.00 gross   n/a');
    expect(text).toContain('2 test-charge transactions left out.');
    expect(checkMessage(message as never)).toEqual([]);
  });

  it('when nothing was sold in either window, then it says so', () => {
    expect(all(buildRevenueMessage({ scope: 'X', windowLabel: 'today', current: { total: [], excludedTest: 0 }, previous: { total: [] }, notes: [] }))).toContain('No transactions');
  });
});

describe('buildChurnMessage: movements', () => {
  it('when only some MRR moved, then only those movements are listed, and one of each reads in the singular', () => {
    const message = buildChurnMessage({
      scope: 'Reviews',
      windowLabel: 'last 7 days',
      figures: churn({
        installedAtStart: 10, payingAtStart: 4,
        mrr: [{ currency: 'EUR', mrrStart: d('200'), churned: d('19'), contraction: d('0'), expansion: d('0'), grossMrrChurn: d('0.095'), netMrrChurn: d('0.095') }],
        activity: { installs: 1, uninstalls: 1, net: 0, reinstalls: 1, closures: 0, reactivations: 0 },
      }),
      reasons: { uninstalls: 0, reasons: [], descriptions: [] },
      notes: [],
    });
    const text = all(message);
    expect(text).toContain('of 200.00 EUR: −19.00 EUR churned_');
    expect(text).not.toMatch(/contraction|expansion/);
    expect(text).toContain('1 (1 reinstall)');
    expect(message.text).toContain('1 install, 1 uninstall, 0 store closures, 0 reopenings');
  });
});

describe('buildInstallsMessage', () => {
  it('when the window spans days, then each local day is a line with installs, uninstalls and net', () => {
    const day = (date: string, installs: number, uninstalls: number) => ({ date, installs, uninstalls, net: installs - uninstalls, reinstalls: 0, closures: 0, reactivations: 0 });
    const message = buildInstallsMessage({
      scope: 'All apps',
      windowLabel: 'last 7 days',
      activity: { total: { installs: 9, uninstalls: 4, net: 5, reinstalls: 2, closures: 1, reactivations: 0 }, byDay: [day('2026-03-07', 5, 1), day('2026-03-08', 4, 3)] },
      notes: [],
    });
    const text = all(message);
    expect(text).toContain('*9* installs · *4* uninstalls · net *+5*');
    expect(text).toContain('Sat 03-07');
    expect(text).toContain('net +4');
    expect(text).toContain('Sun 03-08');
    expect(checkMessage(message as never)).toEqual([]);
  });

  it('when one shop installed and one uninstalled, then the counts read in the singular', () => {
    const one = { installs: 1, uninstalls: 1, net: 0, reinstalls: 1, closures: 1, reactivations: 0 };
    const message = buildInstallsMessage({ scope: 'All apps', windowLabel: 'today', activity: { total: one, byDay: null }, notes: [] });
    expect(all(message)).toContain('*1* install · *1* uninstall · net *0*');
    expect(message.text).toContain('1 install, 1 uninstall, net 0, 1 reinstall, 1 store closure');
  });
});
