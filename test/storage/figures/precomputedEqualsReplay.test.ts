import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingIntervals } from '../../../src/metrics/reference/billingIntervals.ts';
import { churnReport } from '../../../src/metrics/reference/churnReport.ts';
import { installActivity } from '../../../src/metrics/reference/installActivity.ts';
import { mrrMovements } from '../../../src/metrics/reference/mrrMovements.ts';
import { mrrAt } from '../../../src/metrics/reference/mrrAt.ts';
import { uninstallReasons } from '../../../src/metrics/reference/uninstallReasons.ts';
import { revenueReport } from '../../../src/metrics/reference/revenueReport.ts';
import { replay, replaySnapshots, testChargeIds } from '../../../src/metrics/state.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { queryInstallActivity } from '../../../src/storage/figures/activityQuery.ts';
import { queryChurn } from '../../../src/storage/figures/churnQuery.ts';
import { queryMovements } from '../../../src/storage/figures/movementsQuery.ts';
import { queryMrr } from '../../../src/storage/figures/mrrQuery.ts';
import { queryUninstallReasons } from '../../../src/storage/figures/reasonsQuery.ts';
import { queryRevenue } from '../../../src/storage/figures/revenueQuery.ts';
import { rebuildAllSegments } from '../../../src/storage/timelines/shopSegments.ts';
import { generateDataSet } from '../../fakes/partnerApi/index.ts';
import { createConnection, ingestLikeBackfill, plain } from '../../helpers/figureData.ts';
import { eventsOf, toDomain, transactionsOf, type DomainData } from '../../helpers/simDomain.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

const START = '2025-01-01T00:00:00Z';
const END = '2026-03-01T00:00:00Z';
const TIME_ZONE = 'America/New_York';
// Instants across the history, including exact event instants (boundary: an event at t is not in state at t).
const INSTANTS = ['2025-03-10T06:00:00Z', '2025-07-01T04:00:00Z', '2025-11-02T05:30:00Z', '2026-01-15T12:00:00Z', '2026-02-28T23:59:59Z', '2026-06-01T00:00:00Z'];
const WINDOWS: Array<[string, string]> = [
  ['2025-02-01T05:00:00Z', '2025-03-03T05:00:00Z'],
  ['2025-10-20T00:00:00Z', '2025-11-10T00:00:00Z'], // crosses the New York DST change
  ['2025-06-01T00:00:00Z', '2026-01-01T00:00:00Z'],
  ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'],
];

/** Two apps sharing shop ids, so (app, shop) keys are exercised, with overlapping histories. */
function history(seed: number): DomainData {
  const a = generateDataSet({ appId: 'gid://partners/App/4242', seed, targetEvents: 1500, start: START, end: END, firstShopNumber: 500 });
  const b = generateDataSet({ appId: 'gid://partners/App/777', seed: seed + 100, targetEvents: 900, start: START, end: END, firstShopNumber: 500 });
  // Both generators number charges and transactions from the same start: move the second set's ids.
  const moved = (gid: string) => gid.replace(/(\d+)$/, (n) => String(Number(n) + 50_000_000));
  const bEvents = b.events.map((e) => (e.charge ? { ...e, charge: { ...e.charge, id: moved(e.charge.id) } } : e));
  const bTransactions = b.transactions.map((t) => ({ ...t, id: moved(t.id), chargeId: t.chargeId ? moved(t.chargeId) : null }));
  return toDomain({ shops: [...a.shops, ...b.shops], events: [...a.events, ...bEvents], transactions: [...a.transactions, ...bTransactions] });
}

function withoutEmpty(report: unknown, empty: unknown): unknown {
  const p = plain(report) as { byApp: Record<string, unknown> };
  const e = JSON.stringify(plain(empty));
  return { ...p, byApp: Object.fromEntries(Object.entries(p.byApp).filter(([, v]) => JSON.stringify(v) !== e && JSON.stringify(v) !== '[]')) };
}

describe.each(testBackends())('precomputed figures equal the replayed ones on %s', (backend) => {
  for (const seed of [11, 12]) {
    describe(`generated history, seed ${seed}`, () => {
      let database: DatabaseHandle;
      let connectionId: number;
      const data = history(seed);
      const events = eventsOf(data);
      const transactions = transactionsOf(data);
      const intervals = billingIntervals(transactions);

      beforeAll(async () => {
        database = await openTestDatabase(backend);
        connectionId = await createConnection(database.db);
        await ingestLikeBackfill(database.db, connectionId, data.events, data.transactions);
      }, 120_000);
      afterAll(async () => database?.close());

      it('when asked for MRR at several instants, then every app and currency equals mrrAt of the replay', async () => {
        for (const at of INSTANTS.map((i) => new Date(i))) {
          const stored = await queryMrr(database.db, connectionId, at, null);
          expect(plain(stored), at.toISOString()).toEqual(plain(mrrAt(replay(events, at), intervals)));
        }
        // An instant exactly at an event: that event is not yet applied.
        const activation = events.find((e) => e.type === 'SUBSCRIPTION_CHARGE_ACTIVATED')!;
        const at = new Date(activation.occurredAt);
        expect(plain(await queryMrr(database.db, connectionId, at, null))).toEqual(plain(mrrAt(replay(events, at), intervals)));
      });

      it('when asked for movements and churn over windows, then they equal the replayed movements and churn', async () => {
        for (const [s, e] of WINDOWS) {
          const window = { start: new Date(s), end: new Date(e) };
          const [start, end] = replaySnapshots(events, [window.start, window.end]);
          const movements = mrrMovements(start!, end!, intervals);
          const stored = await queryMovements(database.db, connectionId, window, null);
          expect(withoutEmpty({ byApp: stored.byApp, total: stored.total }, []), s).toEqual(withoutEmpty({ byApp: movements.byApp, total: movements.total }, []));
          const churn = churnReport({ events, window, start: start!, end: end!, intervals, timeZone: TIME_ZONE });
          const storedChurn = await queryChurn(database.db, connectionId, window, TIME_ZONE, null);
          const empty = churnReport({ events: [], window, start: new Map(), end: new Map(), intervals, timeZone: TIME_ZONE }).total;
          expect(withoutEmpty(storedChurn, empty), s).toEqual(withoutEmpty(churn, empty));
          expect(storedChurn.total.installedAtStart).toBeGreaterThan(0);
        }
      });

      it('when filtered to one app, then the figures are that app\'s replayed figures', async () => {
        const at = new Date(INSTANTS[3]!);
        const onlyApp = events.filter((e) => e.appId === '777');
        const stored = await queryMrr(database.db, connectionId, at, ['777']);
        expect(plain(stored)).toEqual(plain(mrrAt(replay(onlyApp, at), intervals)));
      });

      it('when asked for installs, reasons and revenue, then they equal the pure engine on all events', async () => {
        const tests = testChargeIds(events);
        for (const [s, e] of WINDOWS) {
          const window = { start: new Date(s), end: new Date(e) };
          expect(plain(await queryInstallActivity(database.db, connectionId, window, TIME_ZONE, null)), s).toEqual(plain(installActivity(events, window, TIME_ZONE)));
          expect(plain(await queryUninstallReasons(database.db, connectionId, window, null))).toEqual(plain(uninstallReasons(events, window)));
          expect(plain(await queryRevenue(database.db, connectionId, window, null))).toEqual(plain(revenueReport(transactions, window, tests)));
        }
      });

      it('when the segments are rebuilt in bulk, then they are exactly the ones maintained at ingest', async () => {
        const read = () =>
          database.db.selectFrom('shop_segments').selectAll().where('connection_id', '=', connectionId).orderBy(['app_id', 'shop_id', 'starts_after']).execute();
        const totals = async () =>
          (await database.db.selectFrom('state_day_deltas').selectAll().where('connection_id', '=', connectionId).orderBy(['day', 'app_id', 'currency']).execute())
            .filter((r) => r.installed !== 0 || r.paying !== 0 || r.priced !== 0 || r.interval_unknown !== 0 || Number(r.mrr) !== 0)
            .map((r) => ({ ...r, mrr: new Decimal(r.mrr).toString() }));
        const incremental = await read();
        const incrementalTotals = await totals();
        expect(incremental.length).toBeGreaterThan(100);
        await rebuildAllSegments(database.db, connectionId, 97);
        expect(await read()).toEqual(incremental);
        expect(await totals()).toEqual(incrementalTotals);
      });
    });
  }
});
