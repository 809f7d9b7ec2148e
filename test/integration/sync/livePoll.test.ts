import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { generateDataSet, microIsoFromMs, startPartnerSimulator, type PartnerSimulator, type SimEvent } from '../../fakes/partnerApi/index.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness, simEventIdentity, storedIdentities } from '../../helpers/syncHarness.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

function install(shopNumber: number, atMs: number): SimEvent {
  return {
    appId: APP_GID,
    shopId: `gid://partners/Shop/${shopNumber}`,
    typename: 'RelationshipInstalled',
    type: 'RELATIONSHIP_INSTALLED',
    occurredAt: microIsoFromMs(atMs),
  };
}

describe.each(testBackends())('live polling on %s', (backend) => {
  let database: DatabaseHandle;
  let simulator: PartnerSimulator;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await simulator.stop();
    await database.close();
  });

  it('when events arrive during the history import, then they are stored once and only they are queued as alerts', async () => {
    const connectedAt = Date.now();
    const history = generateDataSet({ appId: APP_GID, seed: 11, targetEvents: 2500, targetTransactions: 1000, start: '2025-06-01T00:00:00Z', end: new Date(connectedAt - 60_000).toISOString() });
    simulator = await startPartnerSimulator({
      orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [{ token: PARTNER_TOKEN }] }],
      shops: [...history.shops, { id: 'gid://partners/Shop/900001', myshopifyDomain: 'late-1.myshopify.com', name: 'Late One' }, { id: 'gid://partners/Shop/900002', myshopifyDomain: 'late-2.myshopify.com', name: 'Late Two' }],
      events: history.events,
      transactions: history.transactions,
      ratePerSecond: 40,
    });
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database, ratePerSecond: 40, pollIntervalMs: 500, alertsFrom: new Date(connectedAt) });

    // The first cycle polls, then imports history until its budget runs out; meanwhile two installs happen.
    await harness.worker.tick();
    const live = [install(900001, Date.now() + 50), install(900002, Date.now() + 60)];
    simulator.appendEvents(live);
    await harness.runUntilIdle(); // the import finishes
    await database.db.updateTable('partner_connections').set({ next_poll_at: new Date() }).execute();
    await harness.runOnce(); // one more live poll

    const stored = await storedIdentities(database, harness.connectionId);
    expect(stored.events).toEqual([...history.events, ...live].map(simEventIdentity).sort());
    const alerts = await database.db
      .selectFrom('alert_outbox')
      .innerJoin('app_events', 'app_events.id', 'alert_outbox.event_id')
      .select(['app_events.shop_id', 'app_events.source', 'alert_outbox.channel_id'])
      .orderBy('app_events.shop_id')
      .execute();
    expect(alerts).toEqual([
      { shop_id: '900001', source: 'poll', channel_id: 'C_ALERTS' },
      { shop_id: '900002', source: 'poll', channel_id: 'C_ALERTS' },
    ]);
  });

  it('when the same window is polled again, then nothing is stored or queued twice', async () => {
    simulator = await startPartnerSimulator({
      orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [{ token: PARTNER_TOKEN }] }],
      shops: [{ id: 'gid://partners/Shop/1', myshopifyDomain: 'one.myshopify.com', name: 'One' }],
      ratePerSecond: 0,
    });
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database, pollIntervalMs: 100, alertsFrom: new Date(Date.now() - 1000) });
    await harness.runUntilIdle();
    simulator.appendEvents([install(1, Date.now())]);
    for (let i = 0; i < 3; i += 1) {
      await database.db.updateTable('partner_connections').set({ next_poll_at: new Date() }).execute();
      await harness.runOnce();
    }
    expect(await database.db.selectFrom('app_events').select('shop_id').execute()).toHaveLength(1);
    expect(await database.db.selectFrom('alert_outbox').select('id').execute()).toHaveLength(1);
  });
});
