import { spawn } from 'node:child_process';
import path from 'node:path';
import { benchServerUrl, createScratchServerDatabase } from '../test/helpers/scratchServerDatabase.ts';
import { fileURLToPath } from 'node:url';
import { generateDataSet, startPartnerSimulator } from '../test/fakes/partnerApi/index.ts';
import { benchBackends, type BenchBackend } from './support/benchDatabase.ts';
import { measureLivePollLatency } from './support/livePollLatency.ts';
import { createScratchDataDir } from './support/scratchDataDir.ts';

const ORG = '1234';
const APP = 'gid://partners/App/4242';
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

function runChild(url: string, target: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support', 'backfillChild.ts'), url, ORG, '4242', TOKEN, String(RATE), target], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`backfill child exited ${code}`))));
  });
}

async function importHistory(backend: BenchBackend, events: number, transactions: number) {
  const generated = generateDataSet({ appId: APP, seed: 5, targetEvents: events, targetTransactions: transactions, start: '2022-01-01T00:00:00Z', end: '2026-11-01T00:00:00Z' });
  // The generator stops once both targets are reached, overshooting one; the import needs exact sizes.
  const data = { ...generated, events: generated.events.slice(0, events), transactions: generated.transactions.slice(0, transactions) };
  const simulator = await startPartnerSimulator({ orgs: [{ id: ORG, apps: [{ id: APP }], tokens: [{ token: TOKEN }] }], ...data, ratePerSecond: RATE });
  const { target, dispose } = await prepareTarget(backend);
  try {
    const result = await runChild(simulator.url, target);
    const requests = simulator.requests;
    const first = requests[0]!.at;
    const last = requests[requests.length - 1]!.at;
    const answered = requests.filter((r) => r.outcome !== 'throttled').length;
    return {
      database: backend,
      history: `${data.events.length} events + ${data.transactions.length} transactions`,
      exact: result.events === data.events.length && result.transactions === data.transactions.length,
      requests: requests.length,
      seconds: (result.durationMs / 1000).toFixed(1),
      'req/s': (answered / ((last - first) / 1000)).toFixed(2),
      '% of limit': `${((100 * answered) / ((last - first) / 1000) / RATE).toFixed(1)}%`,
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
      rows.push(await importHistory(backend, events!, transactions!));
    }
  }
  console.table(rows);
  process.stdout.write('live poll latency (event appears in the Partner API -> row and alert committed), POLL_INTERVAL_SECONDS=5:\n');
  console.table([await measureLivePollLatency({ pollIntervalSeconds: 5, events: process.env.BENCH_QUICK ? 8 : 30 })]);
}
