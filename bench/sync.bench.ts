import { spawn } from 'node:child_process';
import path from 'node:path';
import { benchServerUrl, createScratchServerDatabase } from '../test/helpers/scratchServerDatabase.ts';
import { fileURLToPath } from 'node:url';
import { generateDataSet, startPartnerSimulator } from '../test/fakes/partnerApi/index.ts';
import { benchBackends, type BenchBackend } from './support/benchDatabase.ts';
import { latencySummary, measureLivePollLatency } from './support/livePollLatency.ts';
import { createScratchDataDir } from './support/scratchDataDir.ts';

const ORG = '1234';
const APP = 'gid://partners/App/4242';
/** Apps of the organization with no history: their import ends at once, then they are only polled. */
const QUIET_APPS = ['gid://partners/App/4243', 'gid://partners/App/4244'];
const TOKEN = 'prtapi_bench_token';
const RATE = 4;
const here = path.dirname(fileURLToPath(import.meta.url));

interface ChildResult {
  durationMs: number;
  peakRss: number;
  baselineRss: number;
  events: number;
  transactions: number;
}

/**
 * A migrated, empty database the child opens: a DATA_DIR on disk (the child starts the embedded
 * PostgreSQL server in it, as a restarted bot does), or a fresh server database.
 */
async function prepareTarget(backend: BenchBackend): Promise<{ target: string; dispose: () => Promise<void> }> {
  if (backend === 'embedded') {
    const { dataDir, dispose } = await createScratchDataDir();
    return { target: dataDir, dispose };
  }
  const scratch = await createScratchServerDatabase(serverUrl()!);
  return { target: scratch.url, dispose: scratch.dispose };
}

const serverUrl = benchServerUrl;

interface ImportRun {
  events: number;
  transactions: number;
  /** The organization's apps besides the one with history (each polled every cycle). */
  quietApps: number;
  pollIntervalSeconds: number;
}

function runChild(url: string, target: string, run: ImportRun): Promise<ChildResult> {
  const appIds = [APP, ...QUIET_APPS.slice(0, run.quietApps)].map((gid) => gid.split('/').pop()!).join(',');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support', 'backfillChild.ts'), url, ORG, appIds, TOKEN, String(RATE), target, String(run.pollIntervalSeconds * 1000)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`backfill child exited ${code}`))));
  });
}

/** A history page request has an upper bound only; a live poll reads from a lower bound up. */
const isImportPage = (variables: Record<string, unknown> | null) => variables?.occurredAtMax != null || variables?.createdAtMax != null;

async function importHistory(backend: BenchBackend, run: ImportRun) {
  const { events, transactions } = run;
  const generated = generateDataSet({ appId: APP, seed: 5, targetEvents: events, targetTransactions: transactions, start: '2022-01-01T00:00:00Z', end: '2026-11-01T00:00:00Z' });
  // The generator stops once both targets are reached, overshooting one; the import needs exact sizes.
  const data = { ...generated, events: generated.events.slice(0, events), transactions: generated.transactions.slice(0, transactions) };
  const apps = [APP, ...QUIET_APPS.slice(0, run.quietApps)].map((id) => ({ id }));
  const simulator = await startPartnerSimulator({ orgs: [{ id: ORG, apps, tokens: [{ token: TOKEN }] }], ...data, ratePerSecond: RATE });
  const { target, dispose } = await prepareTarget(backend);
  try {
    const result = await runChild(simulator.url, target, run);
    const requests = simulator.requests;
    const pages = requests.filter((r) => r.outcome !== 'throttled' && isImportPage(r.variables));
    // From the first history page to the last: the span the import took, whatever else the token did.
    const first = pages[0]!.at;
    const last = pages[pages.length - 1]!.at;
    const during = requests.filter((r) => r.at >= first && r.at <= last && r.outcome !== 'throttled');
    // n requests span n - 1 gaps.
    const seconds = (last - first) / 1000;
    const pageRate = (pages.length - 1) / seconds;
    return {
      database: backend,
      history: `${data.events.length} events + ${data.transactions.length} transactions`,
      apps: apps.length,
      'poll s': run.pollIntervalSeconds,
      exact: result.events === data.events.length && result.transactions === data.transactions.length,
      requests: requests.length,
      'polls during import': during.length - pages.length,
      seconds: (result.durationMs / 1000).toFixed(1),
      'import req/s': pageRate.toFixed(2),
      '% of limit': `${((100 * pageRate) / RATE).toFixed(1)}%`,
      'all req/s': ((during.length - 1) / seconds).toFixed(2),
      'throttled after 1st s': simulator.throttledCount(first + 1000),
      'peak RSS MB': (result.peakRss / 2 ** 20).toFixed(0),
      'RSS growth MB': ((result.peakRss - result.baselineRss) / 2 ** 20).toFixed(0),
    };
  } finally {
    await simulator.stop();
    await dispose();
  }
}

export default async function syncBench(): Promise<void> {
  const sizes = process.env.BENCH_QUICK ? [[2_000, 1_000]] : [[10_000, 5_000], [100_000, 50_000]];
  const backends = benchBackends();
  const rows = [];
  for (const backend of backends) {
    for (const [events, transactions] of sizes) {
      process.stdout.write(`importing ${events} events + ${transactions} transactions at ${RATE} req/s into ${backend}...\n`);
      rows.push(await importHistory(backend, { events: events!, transactions: transactions!, quietApps: 0, pollIntervalSeconds: 60 }));
    }
  }
  console.table(rows);
  // A 3-app organization whose other two apps are polled throughout: does a faster poll interval slow the import?
  const [events, transactions] = process.env.BENCH_QUICK ? [6_000, 3_000] : [30_000, 15_000];
  const pollRows = [];
  for (const pollIntervalSeconds of [60, 20, 10]) {
    process.stdout.write(`importing ${events} events + ${transactions} transactions of 1 of 3 apps, POLL_INTERVAL_SECONDS=${pollIntervalSeconds}...\n`);
    pollRows.push(await importHistory(backends[0]!, { events: events!, transactions: transactions!, quietApps: QUIET_APPS.length, pollIntervalSeconds }));
  }
  console.table(pollRows);
  process.stdout.write('live poll latency (event appears in the Partner API -> alert posted in Slack), POLL_INTERVAL_SECONDS=5 (`npm run bench -- latency` compares intervals):\n');
  const live = await measureLivePollLatency({ pollIntervalSeconds: 5, events: process.env.BENCH_QUICK ? 8 : 30, windowSeconds: process.env.BENCH_QUICK ? 40 : 120, apps: 1 });
  const { p50, p95, max } = latencySummary(live.latenciesMs);
  console.table([{ posted: `${live.latenciesMs.length}/${live.events}`, 'p50 s': p50.toFixed(2), 'p95 s': p95.toFixed(2), 'max s': max.toFixed(2) }]);
}
