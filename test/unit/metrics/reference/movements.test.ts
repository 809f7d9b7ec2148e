import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../../src/domain/appEvent.ts';
import type { AppTransaction } from '../../../../src/domain/transaction.ts';
import { billingIntervals } from '../../../../src/metrics/reference/billingIntervals.ts';
import { MOVEMENT_KINDS, type CurrencyMovements } from '../../../../src/metrics/movements.ts';
import { mrrMovements } from '../../../../src/metrics/reference/mrrMovements.ts';
import { mrrAt } from '../../../../src/metrics/reference/mrrAt.ts';
import { replaySnapshots } from '../../../../src/metrics/state.ts';
import { ev, str, tx } from '../fixtures.ts';

const A = new Date('2026-03-01T00:00:00Z');
const B = new Date('2026-03-08T00:00:00Z');
const BEFORE = '2026-02-15T10:00:00Z';
const DURING = '2026-03-04T10:00:00Z';

function movements(events: AppEvent[], transactions: AppTransaction[] = []) {
  const [start, end] = replaySnapshots(events, [A, B]);
  return mrrMovements(start!, end!, billingIntervals(transactions));
}

/** Non-zero movement amounts of one currency, as strings. */
function amounts(m: CurrencyMovements | undefined): Record<string, string> {
  if (!m) return {};
  return Object.fromEntries(MOVEMENT_KINDS.filter((k) => !m.amounts[k].isZero()).map((k) => [k, m.amounts[k].toFixed()]));
}

describe('mrrMovements: one shop, hand-computed', () => {
  const live19 = ev('ACTIVATED', BEFORE, { charge: '41', amount: '19' });
  it.each([
    ['first subscription in the window', { new: '19' }, [ev('INSTALLED', BEFORE), ev('ACTIVATED', DURING, { charge: '41', amount: '19' })]],
    ['comes back after canceling before the window', { reactivation: '49' }, [
      live19, ev('CANCELED', '2026-02-20T00:00:00Z', { charge: '41' }), ev('ACTIVATED', DURING, { charge: '42', amount: '49' })]],
    ['unfrozen in the window after a freeze before it', { reactivation: '19' }, [
      live19, ev('FROZEN', '2026-02-20T00:00:00Z', { charge: '41' }), ev('UNFROZEN', DURING, { charge: '41' })]],
    ['upgrades 19 -> 49 (cancel + activate 30 s apart)', { expansion: '30' }, [
      live19, ev('CANCELED', DURING, { charge: '41' }), ev('ACTIVATED', '2026-03-04T10:00:30Z', { charge: '42', amount: '49' })]],
    ['downgrades 19 -> 9 by activating a cheaper plan (supersede)', { contraction: '10' }, [
      live19, ev('ACTIVATED', DURING, { charge: '42', amount: '9' })]],
    ['uninstalls', { churned: '19' }, [live19, ev('UNINSTALLED', DURING)]],
    ['is frozen', { churned: '19' }, [live19, ev('FROZEN', DURING, { charge: '41' })]],
    ['subscribes and cancels inside the window', {}, [
      ev('ACTIVATED', DURING, { charge: '41', amount: '19' }), ev('CANCELED', '2026-03-05T10:00:00Z', { charge: '41' })]],
    ['uses a test charge only', {}, [ev('ACTIVATED', DURING, { charge: '41', amount: '19', test: true })]],
    ['activates exactly at the start (in the window: state at a excludes it)', { new: '19' }, [
      ev('ACTIVATED', A.toISOString(), { charge: '41', amount: '19' })]],
    ['activates one microsecond before the end', { new: '19' }, [
      ev('ACTIVATED', '2026-03-07T23:59:59.999999Z', { charge: '41', amount: '19' })]],
    ['activates exactly at the end (not in the window)', {}, [ev('ACTIVATED', B.toISOString(), { charge: '41', amount: '19' })]],
  ])('when the shop %s then USD movements are %j', (_name, expected, events) => {
    expect(amounts(movements(events).total.find((c) => c.currency === 'USD'))).toEqual(expected);
  });

  it('when an annual plan replaces a monthly one then the change is measured in monthly amounts', () => {
    const r = movements(
      [ev('ACTIVATED', BEFORE, { charge: '41', amount: '19' }), ev('ACTIVATED', DURING, { charge: '42', amount: '240' })],
      [tx('subscription', DURING, '240', { charge: '42', interval: 'ANNUAL' })],
    );
    expect(amounts(r.total[0])).toEqual({ expansion: '1' });
  });

  it('when a shop moves from a USD plan to a EUR plan then USD churns and EUR reactivates, never netted', () => {
    const r = movements([
      ev('ACTIVATED', BEFORE, { charge: '41', amount: '19' }),
      ev('ACTIVATED', DURING, { charge: '42', amount: '18', currency: 'EUR' }),
    ]);
    expect(r.total.map((c) => [c.currency, amounts(c)])).toEqual([
      ['EUR', { reactivation: '18' }],
      ['USD', { churned: '19' }],
    ]);
  });

  it('when shops move then each movement is listed with its shop, largest first, and counted', () => {
    const r = movements([
      ev('ACTIVATED', DURING, { shop: '1', charge: '41', amount: '19' }),
      ev('ACTIVATED', BEFORE, { shop: '2', charge: '42', amount: '99' }),
      ev('UNINSTALLED', DURING, { shop: '2' }),
    ]);
    expect(r.movements.map((m) => [m.shopId, m.kind, str(m.from), str(m.to)])).toEqual([
      ['2', 'churned', '99', '0'],
      ['1', 'new', '0', '19'],
    ]);
    expect(r.total[0]!.counts).toEqual({ new: 1, reactivation: 0, expansion: 0, contraction: 0, churned: 1 });
  });
});

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['INSTALLED', 'UNINSTALLED', 'REACTIVATED', 'DEACTIVATED', 'ACCEPTED', 'ACTIVATED', 'ACTIVATED', 'CANCELED',
  'DECLINED', 'EXPIRED', 'FROZEN', 'UNFROZEN', 'CAPPED_AMOUNT_UPDATED'] as const;

function randomHistory(seed: number): { events: AppEvent[]; transactions: AppTransaction[]; a: Date; b: Date } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const base = Date.parse('2026-01-01T00:00:00Z');
  // Few distinct instants so that same-instant ordering is exercised too.
  const instant = () => new Date(base + Math.floor(rnd() * 40) * 86_400_000 + (rnd() < 0.5 ? 0 : 1)).toISOString();
  const events: AppEvent[] = [];
  const transactions: AppTransaction[] = [];
  for (let i = 0; i < 300; i++) {
    const charge = String(1 + Math.floor(rnd() * 25));
    events.push(
      ev(pick(TYPES), instant(), {
        app: pick(['1', '2']),
        shop: String(1 + Math.floor(rnd() * 8)),
        charge,
        amount: (Math.floor(rnd() * 10_000) / 100).toFixed(2),
        currency: pick(['USD', 'USD', 'EUR']),
        test: rnd() < 0.1,
      }),
    );
    if (rnd() < 0.2) transactions.push(tx('subscription', instant(), '1', { charge, interval: pick(['ANNUAL', 'EVERY_30_DAYS']) }));
  }
  const [x, y] = [base + rnd() * 40 * 86_400_000, base + rnd() * 40 * 86_400_000];
  return { events, transactions, a: new Date(Math.min(x, y)), b: new Date(Math.max(x, y)) };
}

describe('mrrMovements: identity on generated histories', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i: MRR(b) - MRR(a) = new + reactivation + expansion - contraction - churned', (seed) => {
    const { events, transactions, a, b } = randomHistory(seed);
    const intervals = billingIntervals(transactions);
    const [start, end] = replaySnapshots(events, [a, b]);
    const report = mrrMovements(start!, end!, intervals);
    const mrrA = new Map(mrrAt(start!, intervals).total.currencies.map((c) => [c.currency, c.mrr]));
    const mrrB = new Map(mrrAt(end!, intervals).total.currencies.map((c) => [c.currency, c.mrr]));
    const zero = new Decimal(0);
    for (const currency of new Set([...mrrA.keys(), ...mrrB.keys()])) {
      const m = report.total.find((c) => c.currency === currency)!;
      const { new: n, reactivation, expansion, contraction, churned } = m.amounts;
      const explained = n.plus(reactivation).plus(expansion).minus(contraction).minus(churned);
      const actual = (mrrB.get(currency) ?? zero).minus(mrrA.get(currency) ?? zero);
      expect(explained.toFixed(), `${currency}`).toBe(actual.toFixed());
      expect(m.mrrStart.toFixed()).toBe((mrrA.get(currency) ?? zero).toFixed());
    }
  });

  it('the generated histories do produce every kind of movement (so the identity test is not vacuous)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { events, transactions, a, b } = randomHistory(seed);
      const [start, end] = replaySnapshots(events, [a, b]);
      for (const m of mrrMovements(start!, end!, billingIntervals(transactions)).movements) seen.add(m.kind);
    }
    expect([...seen].sort()).toEqual([...MOVEMENT_KINDS].sort());
  });
});
