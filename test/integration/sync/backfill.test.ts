import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { generateDataSet, startPartnerSimulator, type PartnerSimulator, type SimDataSet } from '../../fakes/partnerApi/index.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness, simEventIdentity, storedIdentities } from '../../helpers/syncHarness.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

const HISTORY_START = '2025-01-01T00:00:00Z';
const HISTORY_END = '2026-11-01T00:00:00Z';

function dataSet(seed: number, targetEvents: number): SimDataSet {
  return generateDataSet({ appId: APP_GID, seed, targetEvents, targetTransactions: Math.floor(targetEvents / 2), start: HISTORY_START, end: HISTORY_END });
}

async function simulatorWith(data: SimDataSet, extra: Partial<Parameters<typeof startPartnerSimulator>[0]> = {}): Promise<PartnerSimulator> {
  return startPartnerSimulator({
    orgs: [{ id: ORG_ID, apps: [{ id: APP_GID, name: 'Test App' }], tokens: [{ token: PARTNER_TOKEN }] }],
    ...data,
    ratePerSecond: 60,
    ...extra,
  });
}

describe.each(testBackends())('history import on %s', (backend) => {
  let database: DatabaseHandle;
  let simulator: PartnerSimulator | undefined;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await simulator?.stop();
    simulator = undefined;
    await database.close();
  });

  it('when a connection is new, then the whole history is imported exactly once and nothing alerts', async () => {
    const data = dataSet(1, 1500);
    simulator = await simulatorWith(data);
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database });
    await harness.runUntilIdle();

    const stored = await storedIdentities(database, harness.connectionId);
    expect(stored.events).toEqual(data.events.map(simEventIdentity).sort());
    expect(stored.transactions).toEqual(data.transactions.map((t) => t.id).sort());
    const outbox = await database.db.selectFrom('alert_outbox').selectAll().execute();
    expect(outbox).toEqual([]);
    const connection = await database.db.selectFrom('partner_connections').select(['status', 'records_imported', 'last_success_at']).executeTakeFirstOrThrow();
    expect(connection.status).toBe('active');
    expect(connection.records_imported).toBe(data.events.length + data.transactions.length);
    expect(connection.last_success_at).not.toBeNull();
  });

  it('when the API throttles 10%, fails 5% with 500s and sometimes hangs, then the database still ends with exactly the simulator data', async () => {
    const data = dataSet(2, 3000);
    simulator = await simulatorWith(data, {
      // 17% of requests fault: 10 in 17 throttled (both ways Shopify throttles), 5 answer 500, 2 hang.
      faults: {
        probability: 0.17,
        kinds: [...Array(5).fill('throttle429'), ...Array(5).fill('throttle200'), ...Array(5).fill('http500'), 'hang', 'hang'],
      },
      seed: 7,
    });
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database });
    await harness.runUntilIdle(120_000);

    const stored = await storedIdentities(database, harness.connectionId);
    expect(stored.events).toEqual(data.events.map(simEventIdentity).sort());
    expect(stored.transactions).toEqual(data.transactions.map((t) => t.id).sort());
    const outcomes = simulator.requests.map((r) => r.outcome);
    expect(outcomes.filter((o) => o !== 'ok').length).toBeGreaterThanOrEqual(5); // the faults really happened
    expect(outcomes).toContain('fault:http500');
  });

  it('when the import dies halfway and starts again, then it resumes below what it had and ends identical without re-downloading', async () => {
    const data = dataSet(3, 3000);
    simulator = await simulatorWith(data);
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database, client: { maxRetries: 0 } });
    // Every request after the 12th fails until the "process" is restarted.
    let served = 0;
    const original = simulator.requests.push.bind(simulator.requests);
    simulator.requests.push = (...entries) => {
      served += entries.length;
      if (served === 12) simulator!.injectFaults(Array.from({ length: 500 }, () => ({ kind: 'reset' as const })));
      return original(...entries);
    };
    await harness.runOnce();
    const afterCrash = await storedIdentities(database, harness.connectionId);
    expect(afterCrash.events.length + afterCrash.transactions.length).toBeGreaterThan(0);
    expect(afterCrash.events.length).toBeLessThan(data.events.length);

    simulator.clearFaults();
    const requestsBefore = simulator.requests.filter((r) => r.outcome === 'ok').length;
    const restarted = await createSyncHarness({ simulatorUrl: simulator.url, database, connectionId: harness.connectionId, cipher: harness.cipher });
    await database.db.updateTable('partner_connections').set({ next_poll_at: new Date() }).execute();
    await restarted.runUntilIdle();

    const stored = await storedIdentities(database, harness.connectionId);
    expect(stored.events).toEqual(data.events.map(simEventIdentity).sort());
    expect(stored.transactions).toEqual(data.transactions.map((t) => t.id).sort());
    // Pages needed for the rest, plus at most a few for the resumed boundary and live polls.
    const remaining = data.events.length + data.transactions.length - afterCrash.events.length - afterCrash.transactions.length;
    const okAfter = simulator.requests.filter((r) => r.outcome === 'ok').length - requestsBefore;
    expect(okAfter).toBeLessThanOrEqual(Math.ceil(remaining / 100) + 8);
  });
});
