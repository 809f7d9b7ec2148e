import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import { billingIntervals } from '../../../src/metrics/reference/billingIntervals.ts';
import { selectMovers, type ShopMover } from '../../../src/metrics/movers.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { queryShopMovers } from '../../../src/storage/digest/moversQuery.ts';
import { ingestEvents, ingestTransactions } from '../../../src/sync/ingest.ts';
import { toStoredInstant } from '../../../src/storage/typeParsers.ts';
import { generateDataSet } from '../../fakes/partnerApi/index.ts';
import { createConnection, ingestLikeBackfill, plain } from '../../helpers/figureData.ts';
import { eventsOf, toDomain, transactionsOf, type DomainData } from '../../helpers/simDomain.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ev, tx } from '../../unit/metrics/fixtures.ts';
import { replayMovers } from '../../integration/digest/replayFigures.ts';

const START = '2025-01-01T00:00:00Z';
const END = '2026-03-01T00:00:00Z';
const WINDOWS: Array<[string, string]> = [
  ['2025-03-03T00:00:00Z', '2025-03-10T00:00:00Z'],
  ['2025-10-27T00:00:00Z', '2025-11-03T00:00:00Z'],
  ['2025-06-01T00:00:00Z', '2026-01-01T00:00:00Z'],
  ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'],
];

/** Two apps sharing shop ids, so (app, shop) keys matter; charge ids moved apart. */
function history(seed: number): DomainData {
  const a = generateDataSet({ appId: 'gid://partners/App/4242', seed, targetEvents: 1500, start: START, end: END, firstShopNumber: 500 });
  const b = generateDataSet({ appId: 'gid://partners/App/777', seed: seed + 100, targetEvents: 900, start: START, end: END, firstShopNumber: 500 });
  const moved = (gid: string) => gid.replace(/(\d+)$/, (n) => String(Number(n) + 50_000_000));
  const bEvents = b.events.map((e) => (e.charge ? { ...e, charge: { ...e.charge, id: moved(e.charge.id) } } : e));
  const bTransactions = b.transactions.map((t) => ({ ...t, id: moved(t.id), chargeId: t.chargeId ? moved(t.chargeId) : null }));
  return toDomain({ shops: [...a.shops, ...b.shops], events: [...a.events, ...bEvents], transactions: [...a.transactions, ...bTransactions] });
}

const byKey = (movers: ShopMover[]) => plain([...movers].sort((x, y) => `${x.appId}/${x.shopId}/${x.currency}`.localeCompare(`${y.appId}/${y.shopId}/${y.currency}`)));

describe.each(testBackends())('the biggest movers read from stored segments on %s', (backend) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => database?.close());

  for (const seed of [31, 32]) {
    it(`when a generated history (seed ${seed}) is stored, then every window's per-shop movements, plans, names and churn causes equal the reference engine's`, async () => {
      const data = history(seed);
      const connectionId = await createConnection(database.db, `TG${seed}`);
      await ingestLikeBackfill(database.db, connectionId, data.events, data.transactions);
      const events = eventsOf(data);
      const intervals = billingIntervals(transactionsOf(data));
      let kinds = new Set<string>();
      const seen: ShopMover[] = [];
      for (const [s, e] of WINDOWS) {
        const window = { start: new Date(s), end: new Date(e) };
        const stored = await queryShopMovers(database.db, connectionId, window, null);
        const replayed = replayMovers(events, window, intervals);
        expect(byKey(stored), s).toEqual(byKey(replayed));
        kinds = new Set([...kinds, ...stored.map((m) => m.kind)]);
        seen.push(...stored);
        const only = await queryShopMovers(database.db, connectionId, window, ['777']);
        expect(byKey(only), `${s} app 777`).toEqual(byKey(replayMovers(events.filter((ev) => ev.appId === '777'), window, intervals)));
      }
      // Not a vacuous comparison: every kind of movement occurs, with plan names and reasons.
      expect([...kinds].sort()).toEqual(['churned', 'contraction', 'expansion', 'new', 'reactivation']);
      expect(seen.some((m) => m.kind === 'expansion' && m.planBefore && m.planAfter && m.shopName && m.shopDomain)).toBe(true);
      expect(seen.some((m) => m.kind === 'churned' && m.uninstall?.reason)).toBe(true);
    }, 120_000);
  }

  it('when one shop upgrades, one downgrades, one starts paying (one annually) and one uninstalls with a reason, then those are the movers', async () => {
    const A = '2026-03-02T00:00:00Z';
    const B = '2026-03-09T00:00:00Z';
    const before = '2026-02-10T10:00:00Z';
    const during = '2026-03-04T10:00:00Z';
    const named = (e: AppEvent, shopName: string): AppEvent => ({ ...e, shopName });
    const events: AppEvent[] = [
      named(ev('INSTALLED', before, { shop: '1' }), 'Cats & Dogs'),
      ev('ACTIVATED', before, { shop: '1', charge: '11', amount: '19.00', name: 'Basic' }),
      ev('ACTIVATED', during, { shop: '1', charge: '12', amount: '49.00', name: 'Pro' }),
      ev('INSTALLED', before, { shop: '2' }),
      ev('ACTIVATED', before, { shop: '2', charge: '21', amount: '49.00', name: 'Pro' }),
      ev('ACTIVATED', during, { shop: '2', charge: '22', amount: '19.00', name: 'Basic' }),
      ev('INSTALLED', during, { shop: '3' }),
      ev('ACTIVATED', during, { shop: '3', charge: '31', amount: '9.99', name: 'Starter' }),
      ev('INSTALLED', before, { shop: '4' }),
      ev('ACTIVATED', before, { shop: '4', charge: '41', amount: '29.00', name: 'Plus' }),
      ev('UNINSTALLED', during, { shop: '4', reason: 'Too expensive', description: 'Found a cheaper app' }),
      ev('INSTALLED', during, { shop: '5' }),
      ev('ACTIVATED', during, { shop: '5', charge: '51', amount: '120.00', name: 'Yearly' }),
      ev('INSTALLED', during, { shop: '6' }),
      ev('ACTIVATED', during, { shop: '6', charge: '61', amount: '500.00', name: 'Test plan', test: true }),
    ];
    const transactions = [tx('subscription', during, '96.00', { shop: '5', charge: '51', interval: 'ANNUAL', gross: '120.00' })];
    const connectionId = await createConnection(database.db, 'THAND');
    await database.db.transaction().execute(async (trx) => {
      await ingestTransactions(trx, connectionId, transactions.map((transaction) => ({ transaction, raw: {} })));
      await ingestEvents(trx, events.map((event) => ({ event, raw: {} })), { connectionId, source: 'backfill', alerts: null });
    });
    expect(toStoredInstant(A) < toStoredInstant(during)).toBe(true);

    const [usd, ...others] = selectMovers(await queryShopMovers(database.db, connectionId, { start: new Date(A), end: new Date(B) }, null), ['USD']);
    expect(others).toEqual([]);
    const line = (m: ShopMover) => [m.shopId, m.shopName, m.planBefore, m.from.toFixed(2), m.planAfter, m.to.toFixed(2), m.kind];
    expect(usd!.gains.shown.map(line)).toEqual([
      ['1', 'Cats & Dogs', 'Basic', '19.00', 'Pro', '49.00', 'expansion'],
      ['5', null, null, '0.00', 'Yearly', '10.00', 'new'],
      ['3', null, null, '0.00', 'Starter', '9.99', 'new'],
    ]);
    expect(usd!.losses.shown.map(line)).toEqual([
      ['2', null, 'Pro', '49.00', 'Basic', '19.00', 'contraction'],
      ['4', null, 'Plus', '29.00', null, '0.00', 'churned'],
    ]);
    expect(usd!.newPaying.shown.map((m) => m.shopId)).toEqual(['5', '3']);
    expect(usd!.churned.shown.map((m) => [m.shopId, m.shopDomain, m.uninstall])).toEqual([
      ['4', 'shop-4.myshopify.com', { reason: 'Too expensive', description: 'Found a cheaper app' }],
    ]);
  });
});
