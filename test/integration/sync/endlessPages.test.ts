import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import type { PollLimits } from '../../../src/sync/poll.ts';
import { microIsoFromMs, startPartnerSimulator, type EndlessPages, type PartnerSimulator, type SimEvent } from '../../fakes/partnerApi/index.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness, simEventIdentity, storedIdentities, type SyncHarness } from '../../helpers/syncHarness.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

const EVENTS_QUERY = 'PartnerbotAppEvents';
// Unbounded code would loop until the simulator gives up; the tests then fail on the page count.
const GIVE_UP_AFTER = 300;

function install(shopNumber: number, atMs: number): SimEvent {
  return { appId: APP_GID, shopId: `gid://partners/Shop/${shopNumber}`, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: microIsoFromMs(atMs) };
}

interface LogLine {
  level: string;
  msg: string;
  connectionId?: number;
  bound?: string;
}

describe.each(testBackends())('live poll against endless pages on %s', (backend) => {
  let database: DatabaseHandle;
  let simulator: PartnerSimulator;
  // A fake clock moved by the test (or by each events request), so deadlines and leases need no waiting.
  let nowMs: number;
  const clock = { now: () => new Date(nowMs) };

  beforeEach(async () => {
    nowMs = Date.now();
    database = await openTestDatabase(backend);
    simulator = await startPartnerSimulator({
      orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [{ token: PARTNER_TOKEN }] }],
      shops: [1, 2, 3, 4].map((n) => ({ id: `gid://partners/Shop/${n}`, myshopifyDomain: `s${n}.myshopify.com`, name: `S${n}` })),
      ratePerSecond: 0,
    });
  });
  afterEach(async () => {
    await simulator.stop();
    await database.close();
  });

  /** A connection whose history is imported and whose next poll finds three new installs. */
  const connect = async (options: { pollLimits?: Partial<PollLimits>; msPerEventsPage?: number; onEventsPage?: () => Promise<void> } = {}) => {
    const harness = await createSyncHarness({
      simulatorUrl: simulator.url, database, clock, alertsFrom: new Date(nowMs - 1000),
      ...(options.pollLimits ? { pollLimits: options.pollLimits } : {}),
      client: {
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (String(init?.body).includes(EVENTS_QUERY) && simulator.endlessAnswers() > 0) {
            nowMs += options.msPerEventsPage ?? 0;
            await options.onEventsPage?.();
          }
          return response;
        },
      },
    });
    await harness.runUntilIdle();
    const live = [install(1, nowMs), install(2, nowMs + 1), install(3, nowMs + 2)];
    simulator.appendEvents(live);
    return { harness, live };
  };
  const pollWith = async (harness: SyncHarness, mode: EndlessPages | null) => {
    simulator.setEndlessPages(mode);
    await database.db.updateTable('partner_connections').set({ next_poll_at: clock.now() }).execute();
    await harness.runOnce();
  };
  const state = () => database.db.selectFrom('partner_connections').select(['status', 'last_error', 'last_error_code', 'consecutive_failures']).executeTakeFirstOrThrow();
  const warnings = (harness: SyncHarness): LogLine[] => harness.logs.map((l) => JSON.parse(l) as LogLine).filter((l) => l.level === 'warn' && l.bound);

  it('when the API answers new cursors forever, then the poll stops at the page cap, keeps the events once, and the next cycle resumes', async () => {
    const { harness, live } = await connect({ pollLimits: { maxPages: 5 } });

    await pollWith(harness, { cursors: 'fresh', operation: EVENTS_QUERY, upTo: GIVE_UP_AFTER });

    expect(simulator.endlessAnswers()).toBe(5);
    expect((await storedIdentities(database, harness.connectionId)).events).toEqual(live.map(simEventIdentity).sort());
    expect(warnings(harness)).toEqual([expect.objectContaining({ connectionId: harness.connectionId, bound: 'max_pages' })]);
    // Like any misbehaving answer: one transient failure, not the error state.
    expect(await state()).toMatchObject({ status: 'active', last_error_code: 'partner_transient', consecutive_failures: 1 });
    expect((await state()).last_error).toMatch(/page limit/);

    const later = install(4, nowMs + 3);
    simulator.appendEvents([later]);
    await pollWith(harness, null);
    expect((await storedIdentities(database, harness.connectionId)).events).toEqual([...live, later].map(simEventIdentity).sort());
    expect(await state()).toMatchObject({ status: 'active', last_error_code: null, consecutive_failures: 0 });
  });

  it('when the API answers the same cursor again, then the poll stops at the second page', async () => {
    const { harness, live } = await connect();

    await pollWith(harness, { cursors: 'same', operation: EVENTS_QUERY, upTo: GIVE_UP_AFTER });

    expect(simulator.endlessAnswers()).toBe(2);
    expect((await storedIdentities(database, harness.connectionId)).events).toEqual(live.map(simEventIdentity).sort());
    expect(warnings(harness)).toEqual([expect.objectContaining({ connectionId: harness.connectionId, bound: 'repeated_cursor' })]);
    expect(await state()).toMatchObject({ last_error_code: 'partner_transient', consecutive_failures: 1 });
  });

  it('when each endless page takes 20 s, then the poll stops at its deadline', async () => {
    const { harness, live } = await connect({ pollLimits: { maxPages: 1000, maxMs: 90_000 }, msPerEventsPage: 20_000 });

    await pollWith(harness, { cursors: 'fresh', operation: EVENTS_QUERY, upTo: GIVE_UP_AFTER });

    // Pages end at +20 s, +40 s ... the fifth (+100 s) is past the 90 s deadline.
    expect(simulator.endlessAnswers()).toBe(5);
    expect((await storedIdentities(database, harness.connectionId)).events).toEqual(live.map(simEventIdentity).sort());
    expect(warnings(harness)).toEqual([expect.objectContaining({ connectionId: harness.connectionId, bound: 'deadline' })]);
  });

  it('when a poll outlasts its first lease, then it renews the lease and another process never starts a cycle of the same connection', async () => {
    let other: SyncHarness | null = null;
    const stolen: number[] = [];
    // Each page takes 30 s; unrenewed, the 120 s lease (60 s interval + 60 s) lapses by the end of the fifth.
    const { harness } = await connect({
      pollLimits: { maxPages: 8, maxMs: 10 * 60_000 },
      msPerEventsPage: 30_000,
      onEventsPage: async () => {
        await other!.worker.tick();
        const row = await database.db.selectFrom('partner_connections').select('poll_lease_owner').executeTakeFirstOrThrow();
        if (row.poll_lease_owner === 'process-b') stolen.push(simulator.endlessAnswers());
      },
    });
    other = await createSyncHarness({ simulatorUrl: simulator.url, database, clock, owner: 'process-b', connectionId: harness.connectionId, cipher: harness.cipher });

    await pollWith(harness, { cursors: 'fresh', operation: EVENTS_QUERY, upTo: GIVE_UP_AFTER });
    await other.worker.idle();

    expect(stolen).toEqual([]);
    expect(simulator.endlessAnswers()).toBe(8);
    expect(warnings(harness)).toEqual([expect.objectContaining({ bound: 'max_pages' })]);
  });
});
