import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { DigestReport } from '../../../src/digest/digestReport.ts';
import { lastCompleteWeek, weeksEndingWith } from '../../../src/digest/schedule.ts';
import type { CurrencyMovements } from '../../../src/metrics/movements.ts';
import type { CurrencyRevenue, KindRevenue } from '../../../src/metrics/revenue.ts';
import { buildDigestMessage } from '../../../src/digest/views/digestView.ts';
import { checkMessage } from '../../helpers/blockKitLimits.ts';
import { selectMovers, type ShopMover } from '../../../src/metrics/movers.ts';

const TZ = 'Europe/Berlin';
const week = lastCompleteWeek(new Date('2026-03-25T12:00:00Z'), TZ);
const [previousWeek] = weeksEndingWith(week, 2, TZ);
const zero = () => new Decimal(0);
const line = (net: string, gross = net): KindRevenue => ({ net: new Decimal(net), gross: new Decimal(gross), grossUnknown: 0, transactions: 1 });
const revenue = (currency: string, net: string, gross = net): CurrencyRevenue => ({
  currency,
  byKind: { subscription: line(net, gross), usage: line('0'), one_time: line('0'), adjustment: line('0'), credit: line('0'), other: line('0') },
  total: line(net, gross),
});
const movements = (currency: string, start: string, end: string): CurrencyMovements => ({
  currency,
  mrrStart: new Decimal(start),
  mrrEnd: new Decimal(end),
  amounts: { new: new Decimal(end).minus(start).abs(), reactivation: zero(), expansion: zero(), contraction: zero(), churned: zero() },
  counts: { new: 1, reactivation: 0, expansion: 0, contraction: 0, churned: 0 },
});
const activity = (installs: number, uninstalls: number) => ({ installs, uninstalls, net: installs - uninstalls, reinstalls: 0, closures: 0, reactivations: 0 });

function report(overrides: Partial<DigestReport> = {}): DigestReport {
  return {
    week,
    previousWeek: previousWeek!,
    timeZone: TZ,
    apps: [{ appId: '1', name: 'Upsell' }],
    revenue: { current: { byApp: new Map(), total: [], excludedTest: 0 }, previous: { byApp: new Map(), total: [], excludedTest: 0 } },
    mrr: { byApp: new Map(), total: [], mrrStart: { byApp: new Map(), total: emptyMrr() }, mrrEnd: { byApp: new Map(), total: emptyMrr() } },
    activity: { current: { byApp: new Map(), total: activity(0, 0), byDay: null }, previous: { byApp: new Map(), total: activity(0, 0), byDay: null } },
    reasons: { uninstalls: 0, reasons: [], descriptions: [] },
    series: new Map(),
    notes: [],
    movers: [],
    organizationId: '1234',
    ...overrides,
  };
}
function emptyMrr() {
  return { currencies: [], payingMerchants: 0, intervalUnknownCharges: 0, unpricedCharges: 0 };
}
const allText = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe('buildDigestMessage', () => {
  it('when the week and the week before had no revenue, then the change reads n/a, never NaN or Infinity', () => {
    const message = buildDigestMessage({ report: report(), title: 'Weekly digest', chart: false });
    const text = allText(message);
    expect(text).toContain('n/a');
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(checkMessage(message as never)).toEqual([]);
  });

  it('when last week had revenue and the one before none, then the change is n/a and amounts are formatted', () => {
    const r = report({ revenue: { current: { byApp: new Map(), total: [revenue('USD', '1234.5', '1500')], excludedTest: 0 }, previous: { byApp: new Map(), total: [], excludedTest: 0 } } });
    const text = allText(buildDigestMessage({ report: r, title: 'Weekly digest', chart: true }));
    expect(text).toContain('Net *$1,234.50* (n/a vs $0.00)');
    expect(text).toContain('Gross $1,500.00');
  });

  it('when revenue and MRR changed, then the signed percentages and the movements show', () => {
    const r = report({
      revenue: { current: { byApp: new Map(), total: [revenue('USD', '110')], excludedTest: 0 }, previous: { byApp: new Map(), total: [revenue('USD', '100')], excludedTest: 0 } },
      mrr: { ...report().mrr, total: [movements('USD', '200', '150'), movements('EUR', '0', '49')] },
      activity: { current: { byApp: new Map(), total: activity(5, 7), byDay: null }, previous: { byApp: new Map(), total: activity(3, 1), byDay: null } },
      reasons: { uninstalls: 7, reasons: [{ reason: 'Too <expensive>', count: 4 }, { reason: 'No reason given', count: 3 }], descriptions: [] },
    });
    const text = allText(buildDigestMessage({ report: r, title: 'Weekly digest', chart: true }));
    expect(text).toContain('+10.0%');
    expect(text).toContain('*$150.00* now (\u221225.0% vs $200.00 a week ago)');
    expect(text).toContain('*49.00 EUR* now (n/a vs 0.00 EUR a week ago)');
    expect(text).toContain('Net *\u22122*');
    expect(text).toContain('Too &lt;expensive&gt; — 4');
  });

  it('when there are many apps, currencies and long names, then the message stays within the Block Kit limits', () => {
    const apps = Array.from({ length: 60 }, (_, i) => ({ appId: String(i), name: `App <${i}> ${'x'.repeat(300)}` }));
    const currencies = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'CHF'];
    const byApp = new Map(apps.map((a) => [a.appId, currencies.map((c) => revenue(c, '12345678.9'))]));
    const r = report({
      apps,
      revenue: { current: { byApp, total: currencies.map((c) => revenue(c, '99999999.99')), excludedTest: 0 }, previous: { byApp, total: currencies.map((c) => revenue(c, '1')), excludedTest: 0 } },
      mrr: { ...report().mrr, total: currencies.map((c) => movements(c, '1', '2')), byApp: new Map(apps.map((a) => [a.appId, currencies.map((c) => movements(c, '1', '2'))])) },
      reasons: { uninstalls: 50, reasons: Array.from({ length: 40 }, (_, i) => ({ reason: `reason ${i} ${'y'.repeat(500)}`, count: 1 })), descriptions: [] },
      notes: ['History is still importing (40%): figures so far.'],
    });
    const message = buildDigestMessage({ report: r, title: 'Weekly digest', chart: true });
    expect(checkMessage(message as never)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(message)).toContain('+30 more apps');
    expect(allText(message)).toContain('+3 more currencies');
  });

  it('when several apps are tracked, then each gets its own section with its own figures', () => {
    const apps = [{ appId: '1', name: 'Upsell' }, { appId: '2', name: 'Reviews' }];
    const r = report({
      apps,
      revenue: { current: { byApp: new Map([['1', [revenue('USD', '10')]], ['2', [revenue('USD', '20')]]]), total: [revenue('USD', '30')], excludedTest: 0 }, previous: { byApp: new Map(), total: [], excludedTest: 0 } },
      activity: { current: { byApp: new Map([['2', activity(4, 1)]]), total: activity(4, 1), byDay: null }, previous: report().activity.previous },
    });
    const message = buildDigestMessage({ report: r, title: 'Weekly digest', chart: true });
    const sections = message.blocks.map((b) => JSON.stringify(b));
    expect(sections.find((s) => s.includes('*Upsell*'))).toContain('$10.00');
    expect(sections.find((s) => s.includes('*Reviews*'))).toContain('$20.00');
    expect(sections.find((s) => s.includes('*Reviews*'))).toContain('Installs 4 · Uninstalls 1 · Net +3');
    expect(sections.find((s) => s.includes('*Upsell*'))).toContain('Installs 0');
  });

  it('when one app is tracked, then there is no per-app part', () => {
    expect(allText(buildDigestMessage({ report: report(), title: 'Weekly digest', chart: false }))).not.toContain('By app');
  });

  describe('biggest movers', () => {
    const mover = (shopId: string, kind: ShopMover['kind'], from: string, to: string, more: Partial<ShopMover> = {}): ShopMover => ({
      appId: '1', shopId, shopName: `Shop ${shopId}`, shopDomain: `s${shopId}.myshopify.com`, currency: 'USD', kind,
      from: new Decimal(from), to: new Decimal(to), planBefore: null, planAfter: null, uninstall: null, ...more,
    });
    const sectionText = (message: { blocks: unknown[] }, title: string) =>
      (message.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '').find((t) => t.startsWith(`*${title}*`)) ?? '';

    it('when a shop upgraded, then the gain line names the shop with its Partner Dashboard link, both plans and the amount', () => {
      const movers = selectMovers([mover('77', 'expansion', '19', '49', { shopName: 'Cats & <Dogs>', planBefore: 'Basic', planAfter: 'Pro' })], ['USD']);
      const message = buildDigestMessage({ report: report({ movers }), title: 'Weekly digest', chart: false });
      expect(sectionText(message, 'Biggest MRR gains')).toContain(
        '• <https://partners.shopify.com/1234/stores/77|Cats &amp; &lt;Dogs&gt;> — Basic $19.00/month \u2192 Pro $49.00/month, *+$30.00*',
      );
      expect(sectionText(message, 'Biggest MRR losses')).toContain('No losses.');
    });

    it('when a paying shop uninstalled, then the churned line says why, in the merchant\u2019s escaped words', () => {
      const churned = mover('9', 'churned', '29', '0', { planBefore: 'Plus', uninstall: { reason: 'Too expensive, <!here>', description: 'bye *all*' } });
      const message = buildDigestMessage({ report: report({ movers: selectMovers([churned], ['USD']) }), title: 'Weekly digest', chart: false });
      const text = sectionText(message, 'Churned paying merchants');
      expect(text).toContain('Plus $29.00/month \u2192 no plan, *\u2212$29.00* · uninstalled: Too expensive, &lt;!here&gt; “bye \u2217all\u2217”');
      expect(JSON.stringify(message.blocks)).not.toContain('<!here>');
    });

    it('when more than five shops gained, then the five largest show, ties in shop id order, and the rest as "+N more"', () => {
      const movers = selectMovers(Array.from({ length: 8 }, (_, i) => mover(String(10 - i), 'new', '0', i < 3 ? '10' : String(i))), ['USD']);
      const text = sectionText(buildDigestMessage({ report: report({ movers }), title: 'Weekly digest', chart: false }), 'Biggest MRR gains');
      expect([...text.matchAll(/stores\/(\d+)\|/g)].map((m) => m[1])).toEqual(['8', '9', '10', '3', '4']);
      expect(text).toContain('+3 more');
    });

    it('when 60 apps and hundreds of movers with hostile names in many currencies, then the message stays within the Block Kit limits', () => {
      const apps = Array.from({ length: 60 }, (_, i) => ({ appId: String(i), name: `App <${i}> ${'x'.repeat(300)}` }));
      const hostileName = '<!channel> *bold* `code` ~x~ &amp; <https://evil.example|click> \u202Eevil ' + 'n'.repeat(400);
      const kinds = ['new', 'reactivation', 'expansion', 'contraction', 'churned'] as const;
      const currencies = ['USD', 'EUR', 'GBP', 'JPY'];
      const all = currencies.flatMap((currency) =>
        Array.from({ length: 300 }, (_, i) => {
          const kind = kinds[i % 5]!;
          const [from, to] = kind === 'new' || kind === 'reactivation' ? ['0', String(1000 + i)] : kind === 'churned' ? [String(1000 + i), '0'] : kind === 'expansion' ? ['1', String(1000 + i)] : [String(1000 + i), '1'];
          return mover(String(i), kind, from, to, {
            appId: String(i % 60), currency, shopName: hostileName, planBefore: hostileName, planAfter: hostileName,
            uninstall: { reason: `${hostileName}, ${hostileName}`, description: hostileName },
          });
        }),
      );
      const r = report({
        apps,
        movers: selectMovers(all, currencies),
        organizationId: '99999',
        reasons: { uninstalls: 50, reasons: Array.from({ length: 40 }, (_, i) => ({ reason: `reason ${i} ${'y'.repeat(500)}`, count: 1 })), descriptions: [] },
        notes: ['History is still importing (40%): figures so far.'],
      });
      const message = buildDigestMessage({ report: r, title: 'Weekly digest', chart: true });
      expect(checkMessage(message as never)).toEqual([]);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      const text = allText(message);
      expect(text).not.toMatch(/<!channel>|<https:\/\/evil/);
      expect(sectionText(message, 'Biggest MRR gains')).toContain('+2 more currencies: GBP, JPY');
      expect(sectionText(message, 'Churned paying merchants')).toMatch(/\+\d+ more/);
      expect(text).toContain('+30 more apps');
    });
  });
});
