import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestNow } from '../../../src/digest/sendDigestNow.ts';
import { createDigestWorker, type DigestWorker } from '../../../src/scheduler/digestWorker.ts';
import { openDatabase, type DatabaseHandle } from '../../../src/storage/database.ts';
import { claimDigest } from '../../../src/storage/digests.ts';
import { digestMetadata } from '../../../src/digest/postDigest.ts';
import { startFakeSlack, type FakeSlack, type HistoryMessage } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends, type TestDatabase } from '../../helpers/testDatabase.ts';
import { createWorkspace, digestDeps, digestPosts, fakeClock, serveHistory, tokenOf } from './digestHarness.ts';

// Monday 2026-03-30 09:00 in Berlin is 07:00 UTC (CEST since 2026-03-29); the digest is for 2026-03-23.
const DUE = '2026-03-30T07:00:00Z';
const WEEK = '2026-03-23';
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs).toISOString();
const MINUTE = 60_000;

describe.each(testBackends())('digest exactly once on %s', (backend) => {
  let database: TestDatabase;
  let fake: FakeSlack;
  const workers: DigestWorker[] = [];
  /** Messages someone else put in the channels' history. */
  let others: HistoryMessage[];
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    others = [];
    serveHistory(fake, others);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await fake.stop();
    await database.close();
  });

  function worker(clock: ReturnType<typeof fakeClock>, db = database.db, owner?: string): DigestWorker & { slept: number[] } {
    const deps = digestDeps(db, fake, clock);
    const w = createDigestWorker(deps, owner ? { owner } : {});
    workers.push(w);
    return Object.assign(w, { slept: deps.slept });
  }
  const run = async (...ws: DigestWorker[]) => {
    await Promise.all(ws.map((w) => w.tick()));
    await Promise.all(ws.map((w) => w.idle()));
  };
  const row = (workspaceId: string) => database.db.selectFrom('digests_sent').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();

  it('when the clock passes Monday 09:00 in the workspace zone (after a DST change), then the digest goes out once, joining the channel first, and not again that week or for it later', async () => {
    await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    const clock = fakeClock(at(DUE, -MINUTE));
    const w = worker(clock);
    await run(w);
    expect(digestPosts(fake)).toHaveLength(0);
    for (const t of [DUE, at(DUE, 30 * MINUTE), '2026-04-01T12:00:00Z', '2026-04-05T21:59:00Z', '2026-04-06T06:59:00Z']) {
      clock.set(t);
      await run(w);
    }
    const posts = digestPosts(fake);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.metadata).toEqual(digestMetadata('TA', WEEK, 'scheduled'));
    const methods = fake.calls.map((c) => c.method);
    expect(methods.indexOf('conversations.join')).toBeGreaterThan(-1);
    expect(methods.indexOf('conversations.join')).toBeLessThan(methods.indexOf('chat.postMessage'));
    expect(await row('TA')).toMatchObject({ status: 'sent', slack_ts: posts[0]!.response.ts, attempts: 1 });
    fake.expectNoViolations();
    // The next Monday 09:00 (07:00 UTC) brings the next week's digest.
    clock.set('2026-04-06T07:00:00Z');
    await run(w);
    expect(digestPosts(fake)).toHaveLength(2);
  });

  it('when the bot was down at the due time and comes back on Wednesday, then the digest goes out late, once', async () => {
    await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    const clock = fakeClock('2026-04-01T10:00:00Z');
    const w = worker(clock);
    await run(w);
    await run(w);
    clock.set('2026-04-02T10:00:00Z');
    await run(w);
    expect(digestPosts(fake)).toHaveLength(1);
    expect((digestPosts(fake)[0]!.args.metadata as { event_payload: { week_start: string } }).event_payload.week_start).toBe(WEEK);
  });

  it('when a workspace connects after this week\'s slot, then it gets no digest until next week\'s', async () => {
    await createWorkspace(database.db, { workspaceId: 'TNEW', timeZone: 'Europe/Berlin', connectedAt: '2026-03-31T12:00:00Z' });
    const clock = fakeClock('2026-04-01T10:00:00Z');
    await run(worker(clock));
    expect(digestPosts(fake)).toHaveLength(0);
  });

  it('when two workers tick at the same time over 20 due workspaces, then each digest is posted exactly once', async () => {
    for (let i = 0; i < 20; i++) await createWorkspace(database.db, { workspaceId: `TW${i}`, timeZone: 'Europe/Berlin' });
    const clock = fakeClock(DUE);
    const a = worker(clock, database.db, 'worker-a');
    const b = worker(clock, database.db, 'worker-b');
    await run(a, b);
    await run(b, a);
    const channels = digestPosts(fake).map((p) => p.args.channel);
    expect(channels).toHaveLength(20);
    expect(new Set(channels).size).toBe(20);
    expect(a.counts.sent + b.counts.sent).toBe(20);
  });

  it('when two processes (two pools) tick at once, then each digest is posted exactly once', async () => {
    for (let i = 0; i < 20; i++) await createWorkspace(database.db, { workspaceId: `TP${i}`, timeZone: 'Europe/Berlin' });
    const second: DatabaseHandle = await openDatabase({ kind: 'server', url: database.url! });
    try {
      const clock = fakeClock(DUE);
      const a = worker(clock, database.db, 'process-a');
      const b = worker(clock, second.db, 'process-b');
      for (let round = 0; round < 3; round++) await run(a, b);
      const channels = digestPosts(fake).map((p) => p.args.channel);
      expect(channels).toHaveLength(20);
      expect(new Set(channels).size).toBe(20);
      expect(a.counts.sent).toBeGreaterThan(0);
      expect(b.counts.sent).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await second.close();
    }
  });

  it('when a process claimed the digest and died before posting, then after its lease expires another process posts it once', async () => {
    const connectionId = await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    expect(await claimDigest(database.db, { workspaceId: 'TA', cadence: 'weekly', periodStart: WEEK, connectionId }, 'dead-process', new Date(DUE), 5 * MINUTE)).not.toBeNull();
    const clock = fakeClock(at(DUE, MINUTE));
    const w = worker(clock);
    await run(w);
    expect(digestPosts(fake)).toHaveLength(0); // the lease still holds
    clock.set(at(DUE, 6 * MINUTE));
    await run(w);
    await run(w);
    expect(digestPosts(fake)).toHaveLength(1);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(await row('TA')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when a process died after Slack accepted the digest but before marking it sent, then the restart finds it by its metadata and does not post it again', async () => {
    const connectionId = await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    await claimDigest(database.db, { workspaceId: 'TA', cadence: 'weekly', periodStart: WEEK, connectionId }, 'dead-process', new Date(DUE), 5 * MINUTE);
    // What the dead process got through to Slack, plus an on-demand digest that must not be mistaken for it.
    const client = new WebClient(tokenOf('TA'), { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: 'CTA', text: 'on demand', metadata: digestMetadata('TA', WEEK, 'on_demand') });
    const accepted = await client.chat.postMessage({ channel: 'CTA', text: 'digest', metadata: digestMetadata('TA', WEEK, 'scheduled') });
    const clock = fakeClock(at(DUE, 6 * MINUTE));
    await run(worker(clock));
    expect(digestPosts(fake)).toHaveLength(2);
    expect(await row('TA')).toMatchObject({ status: 'sent', slack_ts: accepted.ts });
  });

  it('when another app or a user posted a message with forged digest metadata for the claimed week, then the restart still posts the digest, once', async () => {
    const connectionId = await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    await claimDigest(database.db, { workspaceId: 'TA', cadence: 'weekly', periodStart: WEEK, connectionId }, 'dead-process', new Date(DUE), 5 * MINUTE);
    const forged = digestMetadata('TA', WEEK, 'scheduled');
    others.push(
      { type: 'message', ts: '1699999990.000001', text: 'digest', metadata: forged, bot_id: 'B0OTHERAPP', app_id: 'A0OTHERAPP' },
      { type: 'message', ts: '1699999990.000002', text: 'digest', metadata: forged, user: 'U0MALLORY' },
    );
    await run(worker(fakeClock(at(DUE, 6 * MINUTE))));
    const posts = digestPosts(fake);
    expect(posts).toHaveLength(1);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(await row('TA')).toMatchObject({ status: 'sent', slack_ts: posts[0]!.response.ts });
  });

  it('when Slack answers 429 with Retry-After, then the digest waits that long and is posted once', async () => {
    await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    fake.rateLimit('chat.postMessage', 3, 2);
    const w = worker(fakeClock(DUE));
    await run(w);
    expect(digestPosts(fake)).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(2);
    expect(w.slept).toEqual([3000, 3000]);
  });

  it('when the digest channel is private and the bot is not in it, then nothing is posted and the digest is retried later in the week', async () => {
    await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin', channelId: 'GPRIV' });
    fake.setChannel('GPRIV', { is_private: true, is_member: false });
    const clock = fakeClock(DUE);
    const w = worker(clock);
    await run(w);
    expect(digestPosts(fake)).toHaveLength(0);
    expect(await row('TA')).toMatchObject({ status: 'claimed', last_error: 'not_in_channel' });
    fake.setChannel('GPRIV', { is_private: true, is_member: true }); // someone typed /invite
    clock.set(at(DUE, 31 * MINUTE));
    await run(w);
    expect(digestPosts(fake)).toHaveLength(1);
  });

  it('when /partner digest now is used before and after the slot, then it posts each time and the scheduled digest still goes out exactly once', async () => {
    await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'Europe/Berlin' });
    const clock = fakeClock(at(DUE, -60 * MINUTE));
    const deps = digestDeps(database.db, fake, clock);
    const now = createDigestNow(deps);
    expect(await now('TA')).toMatchObject({ ok: true, channelId: 'CTA' });
    const w = worker(clock);
    clock.set(DUE);
    await run(w);
    expect(await now('TA')).toMatchObject({ ok: true });
    await run(w);
    const kinds = digestPosts(fake).map((p) => (p.args.metadata as { event_payload: { kind: string } }).event_payload.kind);
    expect(kinds).toEqual(['on_demand', 'scheduled', 'on_demand']);
    expect(await now('TNOPE')).toEqual({ ok: false, reason: 'not_connected' });
  });
});
