import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestWorker, type DigestWorker } from '../../../src/scheduler/digestWorker.ts';
import { setSummarySetting } from '../../../src/storage/digestTargets.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends, type TestDatabase } from '../../helpers/testDatabase.ts';
import { createWorkspace, digestDeps, digestPosts, fakeClock, history, load, serveHistory } from './digestHarness.ts';

type Payload = { event_payload: { cadence: string; week_start: string } };

describe.each(testBackends())('daily and monthly summaries exactly once on %s', (backend) => {
  let database: TestDatabase;
  let fake: FakeSlack;
  const workers: DigestWorker[] = [];
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    serveHistory(fake);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await fake.stop();
    await database.close();
  });
  const worker = (clock: ReturnType<typeof fakeClock>, owner: string) => {
    const w = createDigestWorker(digestDeps(database.db, fake, clock), { owner });
    workers.push(w);
    return w;
  };
  const run = async (...ws: DigestWorker[]) => {
    await Promise.all(ws.map((w) => w.tick()));
    await Promise.all(ws.map((w) => w.idle()));
  };
  const sent = () => digestPosts(fake).map((p) => `${(p.args.metadata as Payload).event_payload.cadence}/${(p.args.metadata as Payload).event_payload.week_start}`);

  it('when two processes tick across New York\'s spring DST change and the month end, then each day and month goes out once, late within its period if missed, never for an older one', async () => {
    const id = await createWorkspace(database.db, { workspaceId: 'TA', timeZone: 'America/New_York' });
    for (const cadence of ['daily', 'monthly'] as const) await setSummarySetting(database.db, id, cadence, { on: true, hour: 9 }, new Date('2026-01-01T00:00:00Z'));
    await setSummarySetting(database.db, id, 'weekly', { on: false }, new Date('2026-01-01T00:00:00Z'));
    const clock = fakeClock('2026-02-28T13:59:00Z');
    const a = worker(clock, 'a');
    const b = worker(clock, 'b');
    // Feb 28 09:00 EST, Mar 1 09:00 (daily + monthly), down on Mar 2 until 23:00, Mar 8 (DST, 09:00 EDT = 13:00 UTC), Mar 9.
    for (const t of ['2026-02-28T14:00:00Z', '2026-02-28T20:00:00Z', '2026-03-01T14:00:00Z', '2026-03-03T03:59:00Z', '2026-03-08T12:59:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z', '2026-03-09T14:00:00Z']) {
      clock.set(t);
      await run(a, b);
    }
    // January's monthly summary (due Feb 1) is still late within February; Mar 2 22:59 local sends Mar 1's daily late.
    expect(sent().sort()).toEqual(['daily/2026-02-27', 'daily/2026-02-28', 'daily/2026-03-01', 'daily/2026-03-07', 'daily/2026-03-08', 'monthly/2026-01-01', 'monthly/2026-02-01']);
    const rows = await database.db.selectFrom('digests_sent').select(['cadence', 'status']).execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows).toHaveLength(7);
  });

  it('when a workspace moves from Tokyo to Los Angeles after its daily summary, then no older day is sent', async () => {
    const id = await createWorkspace(database.db, { workspaceId: 'TB', timeZone: 'Asia/Tokyo' });
    await setSummarySetting(database.db, id, 'daily', { on: true, hour: 9 }, new Date('2026-01-01T00:00:00Z'));
    await setSummarySetting(database.db, id, 'weekly', { on: false }, new Date('2026-01-01T00:00:00Z'));
    const clock = fakeClock('2026-03-30T00:00:00Z'); // 09:00 in Tokyo: the 29th
    const w = worker(clock, 'a');
    await run(w);
    await database.db.updateTable('partner_connections').set({ time_zone: 'America/Los_Angeles' }).execute();
    clock.set('2026-03-30T01:00:00Z'); // Sunday 18:00 in Los Angeles: its yesterday (the 28th) is older
    await run(w);
    clock.set('2026-03-30T16:00:00Z'); // Monday 09:00 in Los Angeles: the 29th, already sent
    await run(w);
    clock.set('2026-03-31T16:00:00Z');
    await run(w);
    expect(sent()).toEqual(['daily/2026-03-29', 'daily/2026-03-30']);
  });

  it('when the daily summary had nothing to say, then it is one line with no chart', async () => {
    const id = await createWorkspace(database.db, { workspaceId: 'TC' });
    await setSummarySetting(database.db, id, 'daily', { on: true, hour: 9 }, new Date('2026-01-01T00:00:00Z'));
    const clock = fakeClock('2026-03-10T09:00:00Z');
    await run(worker(clock, 'a'));
    const [post] = digestPosts(fake).filter((p) => (p.args.metadata as Payload).event_payload.cadence === 'daily');
    expect(JSON.stringify(post!.args.blocks)).toContain('Nothing happened yesterday.');
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('when the workspace chose to skip empty days, then a day when nothing happened is skipped once and a day with installs still goes out', async () => {
    const id = await createWorkspace(database.db, { workspaceId: 'TD' });
    await load(database.db, id, history(['4242'], 3, 6, '2026-03-10T01:00:00Z', '2026-03-10T22:00:00Z'));
    await setSummarySetting(database.db, id, 'daily', { on: true, hour: 9, skipEmpty: true }, new Date('2026-01-01T00:00:00Z'));
    await setSummarySetting(database.db, id, 'weekly', { on: false }, new Date('2026-01-01T00:00:00Z'));
    const clock = fakeClock('2026-03-11T09:00:00Z');
    const a = worker(clock, 'a');
    const b = worker(clock, 'b');
    await run(a, b); // March 10: the history's day
    clock.set('2026-03-12T09:00:00Z'); // March 11: nothing
    await run(a, b);
    clock.set('2026-03-12T15:00:00Z'); // ticking on within March 12 does not post March 11 after all
    await run(a, b);
    expect(sent()).toEqual(['daily/2026-03-10']);
    expect(JSON.stringify(digestPosts(fake)[0]!.args.blocks)).not.toContain('Nothing happened');
    const rows = await database.db.selectFrom('digests_sent').select(['period_start', 'status']).orderBy('period_start').execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'skipped']);
  });
});
