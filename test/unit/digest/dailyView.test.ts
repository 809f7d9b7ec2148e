import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { buildDailyMessage, nothingHappened, type DailyReport } from '../../../src/digest/views/dailyView.ts';
import type { CurrencyRevenue, KindRevenue } from '../../../src/metrics/revenue.ts';
import { selectMovers, type ShopMover } from '../../../src/metrics/movers.ts';
import { checkMessage } from '../../helpers/blockKitLimits.ts';

const line = (net: string): KindRevenue => ({ net: new Decimal(net), gross: new Decimal(net).times(1.25), grossUnknown: 0, transactions: 1 });
const revenue = (currency: string, net: string): CurrencyRevenue => ({
  currency,
  byKind: { subscription: line(net), usage: line('0'), one_time: line('0'), adjustment: line('0'), credit: line('0'), other: line('0') },
  total: line(net),
});
const mover = (shopId: string, from: string, to: string, kind: ShopMover['kind']): ShopMover => ({
  appId: '1', shopId, shopName: `Shop ${shopId}`, shopDomain: null, currency: 'USD', kind, from: new Decimal(from), to: new Decimal(to),
  planBefore: from === '0' ? null : 'Basic', planAfter: to === '0' ? null : 'Pro', uninstall: kind === 'churned' ? { reason: 'Too expensive', description: null } : null,
});

function report(overrides: Partial<DailyReport> = {}): DailyReport {
  const empty = { total: [], byApp: new Map(), excludedTest: 0 };
  return {
    day: '2026-03-10', timeZone: 'UTC', revenue: empty, previousRevenue: empty,
    activity: { installs: 0, uninstalls: 0, net: 0, reinstalls: 0, closures: 0, reactivations: 0 },
    movements: [], movers: [], apps: [{ appId: '1', name: 'Upsell' }], organizationId: '1234',
    ...overrides,
  } as DailyReport;
}
const allText = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe('buildDailyMessage', () => {
  it('when only a plan changed (no charge, no install), then it is not an empty day and the mover is listed with its dashboard link', () => {
    const movers = selectMovers([mover('77', '19', '49', 'expansion')], ['USD'], 3);
    const r = report({ movers });
    expect(nothingHappened(r)).toBe(false);
    const text = allText(buildDailyMessage(r, 'Daily summary'));
    expect(text).toContain('*Biggest MRR movers*');
    expect(text).toContain('<https://partners.shopify.com/1234/stores/77|Shop 77> — Basic $19.00/month → Pro $49.00/month, *+$30.00*');
    expect(text).not.toContain('Nothing happened');
  });

  it('when yesterday had revenue, then the line gives net against the day before and gross', () => {
    const text = allText(buildDailyMessage(report({ revenue: { total: [revenue('USD', '100')], byApp: new Map(), excludedTest: 0 } }), 'Daily summary'));
    expect(text).toContain('Net revenue: $100.00 (n/a vs the day before; gross $125.00)');
  });

  it('when there are more than 3 gains and 3 losses, then the 3 largest of each are shown, gains first, and the message stays within Block Kit limits', () => {
    const all = [
      ...[10, 20, 30, 40].map((n, i) => mover(String(100 + i), '0', String(n), 'new')),
      ...[5, 15, 25, 35].map((n, i) => mover(String(200 + i), String(n), '0', 'churned')),
    ];
    const message = buildDailyMessage(report({ movers: selectMovers(all, ['USD'], 3) }), 'Daily summary');
    const text = allText(message);
    const shops = [...text.matchAll(/\|Shop (\d+)>/g)].map((m) => m[1]);
    expect(shops).toEqual(['103', '102', '101', '203', '202', '201']);
    expect(checkMessage(message as never)).toEqual([]);
  });

  it('when nothing happened, then it is one line', () => {
    const r = report();
    expect(nothingHappened(r)).toBe(true);
    expect(buildDailyMessage(r, 'Daily summary').blocks).toHaveLength(1);
  });
});
