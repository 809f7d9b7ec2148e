import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigestReport } from '../../../src/digest/digestReport.ts';
import { storedFigures } from '../../../src/digest/figureSource.ts';
import { lastCompleteWeek } from '../../../src/digest/schedule.ts';
import { createDigestWorker } from '../../../src/scheduler/digestWorker.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { queryRevenue } from '../../../src/storage/figures/revenueQuery.ts';
import { queryMovements } from '../../../src/storage/figures/movementsQuery.ts';
import { buildDigestMessage } from '../../../src/digest/views/digestView.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { plain } from '../../helpers/figureData.ts';
import { eventsOf, transactionsOf } from '../../helpers/simDomain.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { createWorkspace, digestDeps, digestPosts, fakeClock, history, load, tokenOf } from './digestHarness.ts';
import { replayFigures } from './replayFigures.ts';

const TZ = 'Europe/Berlin';
const ORG = '5150';
const APPS = [{ appId: '4242', name: 'Upsell' }, { appId: '777', name: 'Reviews' }];
// Monday 2026-03-23 09:00 in Berlin (CET): the digest of 2026-03-16..22.
const DUE = '2026-03-23T08:00:00Z';
const MAIN = history(['4242', '777'], 21, 1200);
// Another workspace tracking an app with the same id: its data must never show in MAIN's digest.
const OTHER = history(['4242'], 90, 700);

describe.each(testBackends())('digest figures on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let mainId: number;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    mainId = await createWorkspace(database.db, { workspaceId: 'TMAIN', timeZone: TZ, apps: APPS, organizationId: ORG });
    const otherId = await createWorkspace(database.db, { workspaceId: 'TOTHER', timeZone: 'America/New_York', hour: 10, apps: [{ appId: '4242', name: 'Other Co App' }] });
    await load(database.db, mainId, MAIN);
    await load(database.db, otherId, OTHER);
  }, 180_000);
  afterAll(async () => {
    await fake?.stop();
    await database?.close();
  });

  const week = lastCompleteWeek(new Date(DUE), TZ);
  const reference = () => loadDigestReport(replayFigures(eventsOf(MAIN), transactionsOf(MAIN), TZ), { week, timeZone: TZ, apps: APPS, organizationId: ORG, notes: [] });

  it('when built from stored figures, then revenue, MRR, movements, installs and reasons equal the engine replaying the raw events', async () => {
    const stored = await loadDigestReport(storedFigures(database.db, mainId, TZ), { week, timeZone: TZ, apps: APPS, organizationId: ORG, notes: [] });
    const replayed = await reference();
    expect(plain(stored.revenue.current.total)).toEqual(plain(replayed.revenue.current.total));
    expect(plain(stored.revenue.previous.total)).toEqual(plain(replayed.revenue.previous.total));
    expect(plain(stored.mrr.total)).toEqual(plain(replayed.mrr.total));
    expect(plain(stored.mrr.mrrEnd.total)).toEqual(plain(replayed.mrr.mrrEnd.total));
    expect(plain(stored.activity.current.total)).toEqual(plain(replayed.activity.current.total));
    expect(plain(stored.reasons)).toEqual(plain(replayed.reasons));
    expect(plain(stored.series)).toEqual(plain(replayed.series));
    expect(plain(stored.movers)).toEqual(plain(replayed.movers));
    expect(buildDigestMessage({ report: stored, title: 'Weekly digest', chart: true })).toEqual(buildDigestMessage({ report: replayed, title: 'Weekly digest', chart: true }));
    // Not an empty week: the comparison means something.
    expect(replayed.revenue.current.total.length).toBeGreaterThan(0);
    expect(replayed.mrr.total.length).toBeGreaterThan(0);
  });

  it('when compared with the figure commands\' queries for "last week", then the numbers are theirs', async () => {
    const stored = await loadDigestReport(storedFigures(database.db, mainId, TZ), { week, timeZone: TZ, apps: APPS, organizationId: ORG, notes: [] });
    const ids = APPS.map((a) => a.appId);
    expect(plain(stored.revenue.current)).toEqual(plain(await queryRevenue(database.db, mainId, week, ids)));
    expect(plain(stored.mrr)).toEqual(plain(await queryMovements(database.db, mainId, week, ids)));
  });

  it('when the worker sends it at the due time, then the posted digest is the replayed one, in its own channel with its own token, with a PNG chart', async () => {
    fake.reset();
    const clock = fakeClock(DUE);
    const worker = createDigestWorker(digestDeps(database.db, fake, clock));
    await worker.tick();
    await worker.idle();
    const posts = digestPosts(fake);
    expect(posts).toHaveLength(1); // TOTHER is due on Monday 10:00 New York time, not yet
    const [post] = posts;
    expect(post!.args.channel).toBe('CTMAIN');
    expect(post!.token).toBe(tokenOf('TMAIN'));
    const expected = buildDigestMessage({ report: await reference(), title: 'Weekly digest', chart: true });
    expect(post!.args.blocks).toEqual(JSON.parse(JSON.stringify(expected.blocks)));
    expect(post!.args.text).toBe(expected.text);
    expect(JSON.stringify(post!.args.blocks)).not.toContain('Other Co App');
    // Issue 14: the biggest movers, each linking to the shop's Partner Dashboard page.
    const movers = (post!.args.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '').filter((t) => /^\*(Biggest MRR gains|Biggest MRR losses|New paying merchants|Churned paying merchants)\*/.test(t));
    expect(movers).toHaveLength(4);
    expect(movers.join('\n')).toMatch(/<https:\/\/partners\.shopify\.com\/5150\/stores\/\d+\|[^>]+> \((Upsell|Reviews)\) — .+ → .+, \*[+\u2212]/);
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]!.completed).toBe(true);
    expect(fake.uploads[0]!.data!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const complete = fake.callsTo('files.completeUploadExternal')[0]!;
    expect(complete.args.channel_id).toBe('CTMAIN');
    expect(complete.token).toBe(tokenOf('TMAIN'));
    fake.expectNoViolations();

    // Later that day TOTHER's slot comes: its digest has only its own data.
    clock.set('2026-03-23T14:00:00Z'); // 10:00 in New York (EDT)
    fake.reset();
    await worker.tick();
    await worker.idle();
    const other = digestPosts(fake);
    expect(other).toHaveLength(1);
    expect(other[0]!.args.channel).toBe('CTOTHER');
    expect(other[0]!.token).toBe(tokenOf('TOTHER'));
    const otherText = JSON.stringify(other[0]!.args.blocks);
    expect(otherText).toContain('Other Co App');
    expect(otherText).not.toMatch(/Upsell|Reviews/);
    const otherWeek = lastCompleteWeek(new Date('2026-03-23T14:00:00Z'), 'America/New_York');
    const otherExpected = await loadDigestReport(replayFigures(eventsOf(OTHER), transactionsOf(OTHER), 'America/New_York'), {
      week: otherWeek, timeZone: 'America/New_York', apps: [{ appId: '4242', name: 'Other Co App' }], organizationId: 'org-TOTHER', notes: [],
    });
    expect(other[0]!.args.blocks).toEqual(JSON.parse(JSON.stringify(buildDigestMessage({ report: otherExpected, title: 'Weekly digest', chart: true }).blocks)));
  });
});
