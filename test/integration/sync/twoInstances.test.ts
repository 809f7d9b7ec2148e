import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDueConnections } from '../../../src/storage/connectionLeases.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { openDatabase } from '../../../src/storage/database.ts';
import { generateDataSet, startPartnerSimulator, type PartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness, simEventIdentity, storedIdentities } from '../../helpers/syncHarness.ts';
import { openTestDatabase, testBackends, type TestDatabase } from '../../helpers/testDatabase.ts';

/**
 * Two bot processes on one PostgreSQL server: each has its own pool (its own sessions), so row
 * locks and leases work exactly as between processes.
 */
describe.each(testBackends())('two instances on one PostgreSQL server (%s)', (backend) => {
  let first: TestDatabase;
  let second: DatabaseHandle;
  let simulator: PartnerSimulator | undefined;

  beforeEach(async () => {
    first = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await simulator?.stop();
    simulator = undefined;
    await second?.close();
    await first.close();
  });

  it('when both poll, then a connection is never synced by both at once and the data is exact', async () => {
    const data = generateDataSet({ appId: APP_GID, seed: 21, targetEvents: 3000, targetTransactions: 1500, start: '2025-01-01T00:00:00Z', end: '2026-10-01T00:00:00Z' });
    simulator = await startPartnerSimulator({ orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [{ token: PARTNER_TOKEN }] }], ...data, ratePerSecond: 0 });
    second = await openDatabase({ kind: 'server', url: first.url! });

    // Each process tags its Partner requests, so overlap in time between the two is visible.
    const spans: Array<{ who: string; start: number; end: number }> = [];
    const tagged = (who: string) => async (input: URL | string, init?: RequestInit) => {
      const start = performance.now();
      try {
        return await fetch(input, init);
      } finally {
        spans.push({ who, start, end: performance.now() });
      }
    };
    // A short import slice makes the import take many cycles, so the two processes compete often.
    const a = await createSyncHarness({ simulatorUrl: simulator.url, database: first, owner: 'process-a', pollIntervalMs: 60, importSliceMs: 60, client: { fetch: tagged('a') } });
    const b = await createSyncHarness({
      simulatorUrl: simulator.url, database: second, owner: 'process-b', pollIntervalMs: 60, importSliceMs: 60,
      connectionId: a.connectionId, cipher: a.cipher, client: { fetch: tagged('b') },
    });

    // Both tick on their own rhythm, as two processes would, without waiting for each other. The
    // process that holds the importing connection keeps it until the import ends; after it, the
    // live polls (every 60 ms) go to whichever process is ticking: here each in turn, so both do.
    const deadline = Date.now() + 60_000;
    let roundsAfterImport = 0;
    for (let round = 0; roundsAfterImport < 30; round += 1) {
      const turn = roundsAfterImport === 0 ? [a.worker, b.worker] : [Math.floor(roundsAfterImport / 5) % 2 === 0 ? a.worker : b.worker];
      await Promise.all((round % 2 === 0 ? turn : [...turn].reverse()).map((w) => w.tick()));
      await new Promise((r) => setTimeout(r, 15));
      const pending = await first.db.selectFrom('sync_progress').select('app_id').where('backfill_complete', '=', false).execute();
      const started = await first.db.selectFrom('sync_progress').select('app_id').execute();
      if (started.length > 0 && pending.length === 0) roundsAfterImport += 1;
      if (Date.now() > deadline) throw new Error('sync did not finish');
    }
    await Promise.all([a.worker.idle(), b.worker.idle()]);

    expect(new Set(spans.map((s) => s.who)).size).toBe(2); // both processes really took turns
    const sorted = [...spans].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i += 1) {
      const previous = sorted.slice(0, i).filter((s) => s.who !== sorted[i]!.who);
      const overlapping = previous.filter((s) => s.end > sorted[i]!.start + 1);
      expect(overlapping, `request ${i} of ${sorted[i]!.who} overlaps the other process`).toEqual([]);
    }
    const stored = await storedIdentities(first, a.connectionId);
    expect(stored.events).toEqual(data.events.map(simEventIdentity).sort());
    expect(stored.transactions).toEqual(data.transactions.map((t) => t.id).sort());
  }, 90_000); // a 4,500-record import by two processes in turn: room for a busy 2-core machine

  it('when both claim at the same moment, then each due connection goes to exactly one of them', async () => {
    second = await openDatabase({ kind: 'server', url: first.url! });
    for (let i = 0; i < 40; i += 1) {
      await first.db
        .insertInto('partner_connections')
        .values({ workspace_id: `T${i}`, organization_id: `${i}`, connected_by_user_id: 'U', token_ciphertext: 'x', token_key_version: 'v' })
        .execute();
    }
    const now = new Date(Date.now() + 1000);
    const [fromA, fromB] = await Promise.all([
      claimDueConnections(first.db, 'a', now, 60_000, 25),
      claimDueConnections(second.db, 'b', now, 60_000, 25),
    ]);
    const ids = [...fromA, ...fromB].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
  });

  it('when more connections are due than both processes take at once, then the longest overdue go first and every one is polled within a few rounds', async () => {
    second = await openDatabase({ kind: 'server', url: first.url! });
    const base = Date.parse('2026-06-01T12:00:00Z');
    // 60 connections, due 1..60 s before `now`, inserted in scrambled order.
    const order = Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
    for (const i of order) {
      await first.db
        .insertInto('partner_connections')
        .values({ workspace_id: `T${i}`, organization_id: `${i}`, connected_by_user_id: 'U', token_ciphertext: 'x', token_key_version: 'v', next_poll_at: new Date(base - (i + 1) * 1000) })
        .execute();
    }
    const overdueSeconds = async (ids: number[]) =>
      (await first.db.selectFrom('partner_connections').select('workspace_id').where('id', 'in', ids).execute()).map((r) => Number(r.workspace_id.slice(1)) + 1);
    const now = new Date(base);
    const [fromA, fromB] = await Promise.all([claimDueConnections(first.db, 'a', now, 60_000, 10), claimDueConnections(second.db, 'b', now, 60_000, 10)]);
    // The 20 claimed are the 20 most overdue (41..60 s), split between the two without overlap.
    expect((await overdueSeconds([...fromA, ...fromB].map((c) => c.id))).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => 41 + i));
    // Rounds later (leases held), the rest follow, oldest first, and nobody is claimed twice.
    const seen = new Set([...fromA, ...fromB].map((c) => c.id));
    for (let round = 0; round < 2; round++) {
      const [a, b] = await Promise.all([claimDueConnections(first.db, 'a', now, 60_000, 10), claimDueConnections(second.db, 'b', now, 60_000, 10)]);
      for (const c of [...a, ...b]) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
    }
    expect(seen.size).toBe(60);
  });

  it('when a poll falls due just after a tick, then claiming ahead takes it at that tick, and not one due later', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    for (const [workspace, dueInMs] of [['TSOON', 400], ['TLATER', 1500]] as const) {
      await first.db
        .insertInto('partner_connections')
        .values({ workspace_id: workspace, organization_id: '1', connected_by_user_id: 'U', token_ciphertext: 'x', token_key_version: 'v', next_poll_at: new Date(now.getTime() + dueInMs) })
        .execute();
    }
    expect(await claimDueConnections(first.db, 'a', now, 60_000, 10)).toEqual([]);
    const claimed = await claimDueConnections(first.db, 'a', now, 60_000, 10, new Date(now.getTime() + 1000));
    expect(claimed.map((c) => c.workspaceId)).toEqual(['TSOON']);
  });
});
