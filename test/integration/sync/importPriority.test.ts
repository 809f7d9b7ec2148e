import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { generateDataSet, startPartnerSimulator, type PartnerSimulator, type RequestLogEntry } from '../../fakes/partnerApi/index.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness, simEventIdentity, storedIdentities } from '../../helpers/syncHarness.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

const RATE = 20;

/** A history page has an upper bound only; a live poll reads from a lower bound up. */
const isImportPage = (r: RequestLogEntry) => r.variables?.occurredAtMax != null || r.variables?.createdAtMax != null;

describe.each(testBackends())('history import beside fast live polls on %s', (backend) => {
  let database: DatabaseHandle;
  let simulator: PartnerSimulator;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await simulator.stop();
    await database.close();
  });

  it('when a live poll is due every second, then no poll request takes a slot between the first and the last history page', async () => {
    const history = generateDataSet({ appId: APP_GID, seed: 31, targetEvents: 4000, targetTransactions: 2000, start: '2025-01-01T00:00:00Z', end: '2026-10-01T00:00:00Z' });
    simulator = await startPartnerSimulator({ orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [{ token: PARTNER_TOKEN }] }], ...history, ratePerSecond: RATE });
    // At RATE req/s the ~60 pages take ~3 s: three poll intervals, each of which used to end the import's cycle.
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database, ratePerSecond: RATE, pollIntervalMs: 1000 });

    await harness.runUntilIdle();

    const answered = simulator.requests.filter((r) => r.outcome === 'ok');
    const pages = answered.filter(isImportPage);
    const first = answered.indexOf(pages[0]!);
    const last = answered.indexOf(pages.at(-1)!);
    expect(answered.slice(first, last + 1).filter((r) => !isImportPage(r))).toEqual([]);
    // The first cycle's poll of both streams, then only history pages: the import used every slot it was given.
    expect(answered.length - pages.length).toBe(2);
    const stored = await storedIdentities(database, harness.connectionId);
    expect(stored.events).toEqual(history.events.map(simEventIdentity).sort());
  });
});
