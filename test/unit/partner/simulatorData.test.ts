import { describe, expect, it } from 'vitest';
import { generateDataSet } from '../../fakes/partnerApi/generator.ts';
import { SortedStore } from '../../fakes/partnerApi/sortedStore.ts';
import { toMicroIso } from '../../fakes/partnerApi/time.ts';

const APP = 'gid://partners/App/1';

describe('generateDataSet', () => {
  it('when run twice with one seed, then the data is identical', () => {
    const a = generateDataSet({ appId: APP, shops: 200, seed: 5 });
    const b = generateDataSet({ appId: APP, shops: 200, seed: 5 });
    expect(a).toEqual(b);
    expect(generateDataSet({ appId: APP, shops: 200, seed: 6 })).not.toEqual(a);
  });

  // How fast it generates is the benches' business (they print it); a timed assertion fails on a busy machine.
  it('when 100k events and 50k transactions are asked for, then at least that many are generated', () => {
    const data = generateDataSet({ appId: APP, targetEvents: 100_000, targetTransactions: 50_000, seed: 1 });
    expect(data.events.length).toBeGreaterThanOrEqual(100_000);
    expect(data.transactions.length).toBeGreaterThanOrEqual(50_000);
  });

  it('when a year is simulated, then every feature the bot handles shows up', () => {
    const data = generateDataSet({ appId: APP, shops: 3000, seed: 3 });
    const types = new Set(data.events.map((e) => e.type));
    for (const type of ['RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED', 'RELATIONSHIP_DEACTIVATED', 'RELATIONSHIP_REACTIVATED', 'SUBSCRIPTION_CHARGE_ACCEPTED', 'SUBSCRIPTION_CHARGE_ACTIVATED', 'SUBSCRIPTION_CHARGE_CANCELED', 'SUBSCRIPTION_CHARGE_FROZEN', 'SUBSCRIPTION_CHARGE_UNFROZEN', 'SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT', 'USAGE_CHARGE_APPLIED', 'ONE_TIME_CHARGE_ACTIVATED', 'CREDIT_APPLIED']) {
      expect(types, type).toContain(type);
    }
    expect(data.events.every((e) => /\.\d{6}Z$/.test(e.occurredAt))).toBe(true);
    expect(data.events.some((e) => e.charge?.test)).toBe(true);
    expect(data.events.some((e) => e.reason && /Testen mehrerer Apps/.test(e.reason))).toBe(true);
    expect(data.events.some((e) => e.type === 'RELATIONSHIP_UNINSTALLED' && !e.reason)).toBe(true);
    expect(data.shops.some((s) => s.myshopifyDomain === 'REDACTED')).toBe(true);
    const currencies = new Set(data.transactions.map((t) => t.netAmount.currencyCode));
    expect(currencies).toEqual(new Set(['USD', 'EUR']));
    expect(data.transactions.some((t) => t.billingInterval === 'ANNUAL')).toBe(true);
    expect(data.transactions.some((t) => t.typename === 'AppSaleAdjustment' && t.netAmount.amount.startsWith('-'))).toBe(true);
    // Reinstalls: some shop installs more than once.
    const installs = new Map<string, number>();
    for (const e of data.events) if (e.type === 'RELATIONSHIP_INSTALLED') installs.set(e.shopId, (installs.get(e.shopId) ?? 0) + 1);
    expect([...installs.values()].some((n) => n > 1)).toBe(true);
  });
});

describe('SortedStore', () => {
  const store = new SortedStore<string>('x');
  store.insertMany([
    { at: '2025-01-03T00:00:00.000000Z', item: 'c' },
    { at: '2025-01-01T00:00:00.000000Z', item: 'a' },
    { at: '2025-01-02T00:00:00.000000Z', item: 'b1' },
    { at: '2025-01-02T00:00:00.000000Z', item: 'b2' },
  ]);

  it('when paged with cursors, then items come newest first with ties in insertion order reversed', () => {
    const first = store.page({ first: 2 });
    expect(first.items.map((i) => i.item)).toEqual(['c', 'b2']);
    expect(first.hasNextPage).toBe(true);
    const second = store.page({ first: 2, after: first.items[1]!.cursor });
    expect(second.items.map((i) => i.item)).toEqual(['b1', 'a']);
    expect(second.hasNextPage).toBe(false);
  });

  it('when bounded, then bounds are inclusive', () => {
    expect(store.page({ first: 10, min: '2025-01-02T00:00:00.000000Z', max: '2025-01-02T00:00:00.000000Z' }).items.map((i) => i.item)).toEqual(['b2', 'b1']);
  });

  it('when times come in other ISO forms, then they normalize to microseconds', () => {
    expect(toMicroIso('2025-01-02T00:00:00Z')).toBe('2025-01-02T00:00:00.000000Z');
    expect(toMicroIso('2025-01-02T01:00:00.5+01:00')).toBe('2025-01-02T00:00:00.500000Z');
  });
});
