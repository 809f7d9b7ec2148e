import { CHART_RENDER_CONCURRENCY, renderRevenueChartPng } from '../src/digest/chart/png.ts';
import { limitConcurrency } from '../src/digest/concurrency.ts';
import { buildSummary, SCHEDULED_TITLES } from '../src/digest/deliverScheduled.ts';
import { createDigestSlackClients } from '../src/digest/digestSlack.ts';
import { CADENCES, lastCompletePeriod } from '../src/digest/schedule.ts';
import { createLogger } from '../src/logger.ts';
import { createDigestWorker } from '../src/scheduler/digestWorker.ts';
import { setSummarySetting } from '../src/storage/digestTargets.ts';
import { FAKE_APP_ID, FAKE_BOT_ID, startFakeSlack } from '../test/helpers/fakeSlack.ts';
import { createWorkspace, history, load } from '../test/integration/digest/digestHarness.ts';
import { benchBackends, openBenchDatabase, type BenchBackend } from './support/benchDatabase.ts';

/**
 * `npm run bench -- digest`: 1,000 connected workspaces (a small generated history each: one app,
 * ~BENCH_DIGEST_EVENTS events over 8 months) with the daily, weekly and monthly summaries all on and
 * all due in the same hour (Monday 1 June, 09:00 in Berlin), sent by one worker against the fake
 * Slack, which answers 429 (Retry-After 1 s) to some posts. Reports the time to send them all, the
 * build time per summary and cadence (figures + layout + chart PNG) p50/p95, peak RSS and the 429s
 * seen. On the embedded PostgreSQL server (a scratch DATA_DIR), and on a PostgreSQL server too with
 * BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 1000);
const EVENTS = Number(process.env.BENCH_DIGEST_EVENTS ?? 80);
const RATE_LIMITED = Number(process.env.BENCH_429S ?? 25);
const DUE = '2026-06-01T07:00:00Z'; // Monday 1 June, 09:00 in Berlin: a day's, a week's and a month's slot
const BUILDS = Math.min(200, WORKSPACES);
const TZ = 'Europe/Berlin';
const log = (line: string) => process.stdout.write(`${line}\n`);

export default async function run(): Promise<void> {
  for (const backend of benchBackends()) await benchBackend(backend);
}

async function benchBackend(backend: BenchBackend): Promise<void> {
  log(`\n[${backend}] ${WORKSPACES} workspaces, ~${EVENTS} events each`);
  const database = await openBenchDatabase(backend);
  const fake = await startFakeSlack();
  try {
    let t0 = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < WORKSPACES; i++) {
      const id = await createWorkspace(database.db, { workspaceId: `TB${i}`, timeZone: TZ, apps: [{ appId: '4242', name: `App ${i}` }] });
      await load(database.db, id, history(['4242'], 1000 + i, EVENTS, '2025-10-01T00:00:00Z', '2026-05-31T20:00:00Z'));
      for (const cadence of ['daily', 'monthly'] as const) await setSummarySetting(database.db, id, cadence, { on: true, hour: 9 }, new Date('2026-01-01T00:00:00Z'));
      ids.push(id);
    }
    log(`  loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Build time per summary, one at a time: figures (same queries as the commands) + Block Kit + chart PNG.
    for (const cadence of CADENCES) {
      const period = lastCompletePeriod(new Date(DUE), cadence, TZ);
      const builds: number[] = [];
      for (const id of ids.slice(0, BUILDS)) {
        const start = performance.now();
        await buildSummary({ db: database.db, renderChart: renderRevenueChartPng }, { connectionId: id, timeZone: TZ }, period, SCHEDULED_TITLES[cadence]);
        builds.push(performance.now() - start);
      }
      log(`  build one ${cadence} summary (${BUILDS} sequential): p50 ${pct(builds, 0.5)} ms, p95 ${pct(builds, 0.95)} ms, max ${pct(builds, 1)} ms`);
    }

    fake.reset();
    fake.rateLimit('chat.postMessage', 1, RATE_LIMITED);
    const renderChart = limitConcurrency(renderRevenueChartPng, CHART_RENDER_CONCURRENCY);
    const worker = createDigestWorker({
      db: database.db,
      clock: { now: () => new Date(DUE) },
      logger: createLogger({ level: 'error', sink: () => undefined }),
      slackFor: createDigestSlackClients(fake.apiUrl, async (ws) => `xoxb-${ws}`),
      botIdentityFor: async () => ({ botId: FAKE_BOT_ID, appId: FAKE_APP_ID }),
      renderChart,
    });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    t0 = Date.now();
    await worker.tick();
    await worker.idle();
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    const posts = fake.callsTo('chat.postMessage');
    const ok = posts.filter((p) => p.response.ok === true);
    const perChannel = new Map<string, number>();
    for (const p of ok) perChannel.set(String(p.args.channel), (perChannel.get(String(p.args.channel)) ?? 0) + 1);
    const byCadence = Object.fromEntries(CADENCES.map((c) => [c, ok.filter((p) => (p.args.metadata as { event_payload: { cadence: string } }).event_payload.cadence === c).length]));
    log(`  sent ${ok.length}/${WORKSPACES * CADENCES.length} summaries in ${seconds.toFixed(1)} s (${(ok.length / seconds).toFixed(1)}/s): ${JSON.stringify(byCadence)}; outcomes ${JSON.stringify(worker.counts)}`);
    log(`  charts uploaded: ${fake.uploads.filter((u) => u.completed).length}; max messages in one channel: ${Math.max(...perChannel.values())} (one per cadence: 3)`);
    log(`  429s seen: ${posts.filter((p) => p.status === 429).length} (each waited out, Retry-After 1 s); Block Kit violations: ${fake.violations.length}`);
    log(`  peak concurrent chart renders: ${renderChart.peak}; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
    log(`  target: all within the hour they are due (3,600 s); build < 1,000 ms per summary`);
    await worker.stop();
  } finally {
    await fake.stop();
    await database.close();
  }
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(0);
}
