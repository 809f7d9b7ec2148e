import { startEmbeddedPostgres } from '../src/storage/embedded/embeddedPostgres.ts';
import { createLogger } from '../src/logger.ts';
import { buildIfStale } from '../test/helpers/botProcess.ts';
import { benchServerUrl } from '../test/helpers/scratchServerDatabase.ts';
import { percentile, seconds } from './support/scale/figures.ts';
import { summarizeLog } from './support/scale/logSummary.ts';
import { describeOptions, readScaleOptions } from './support/scale/options.ts';
import { liveFleets, runScenario, type Scenario, type ScenarioResult } from './support/scale/runScenario.ts';
import { makeScratchDir } from './support/scratchDataDir.ts';
import { rm } from 'node:fs/promises';

/**
 * Many workspaces on several bot processes (dist/main.js, OAuth mode) sharing one PostgreSQL server:
 * detection latency, exactly-once alerts, Partner and Slack pacing, CPU, memory and database sessions,
 * with 1, 2 and 4 processes and once with a kill -9. The server is BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL), an administrative URL; without one a throwaway server is started. Sizes come
 * from SCALE_* variables (support/scale/options.ts).
 */
export default async function scaleBench(): Promise<void> {
  const options = readScaleOptions();
  process.stdout.write(`${describeOptions(options)}\n`);
  await buildWithRetries();
  const server = await serverForBench();
  const killAll = () => {
    for (const fleet of liveFleets) for (const pid of fleet.pids()) process.kill(pid, 'SIGKILL');
  };
  process.once('exit', () => {
    try {
      killAll();
    } catch {
      // already gone
    }
  });
  const scenarios: Scenario[] = [
    ...options.processCounts.map((processes) => ({ name: `${processes}p`, processes, killHalfway: false })),
    ...(options.killRun ? [{ name: '2p-kill9', processes: 2, killHalfway: true }] : []),
  ];
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      process.stdout.write(`\n--- ${scenario.name}: ${scenario.processes} process(es)${scenario.killHalfway ? ', p1 killed with SIGKILL halfway and restarted' : ''} ---\n`);
      const result = await runScenario(server.url, options, scenario);
      results.push(result);
      printRun(result);
    }
  } finally {
    await server.stop();
  }
  process.stdout.write('\n--- summary ---\n');
  console.table(results.map(summaryRow));
}

function summaryRow(r: ScenarioResult) {
  const a = r.alerts;
  return {
    run: r.scenario.name,
    events: a.events,
    ...deliveryColumns(a),
    'partner max/token/s': r.partner.maxPerTokenSecond,
    throttled: r.partner.throttled,
    'slack max/channel/s': r.slack.maxPerChannelSecond,
    'CPU s (sum)': r.processes.reduce((s, p) => s + p.cpuSeconds, 0).toFixed(1),
    'db sessions peak': r.db.peak,
  };
}

function printRun(r: ScenarioResult): void {
  const a = r.alerts;
  if (r.distRebuilt) process.stdout.write('  WARNING: dist/ was rebuilt during this run (another build): a process started later runs other code\n');
  const during = a.duringImportMs;
  const after = a.afterImportMs;
  console.table([{
    'warm-up import s': r.warmupSeconds.toFixed(0),
    'window s': r.windowSeconds.toFixed(0),
    'events/s': r.eventsPerSecond.toFixed(1),
    events: a.events,
    ...deliveryColumns(a),
    misrouted: a.misrouted,
  }]);
  process.stdout.write(
    `  large import (${r.importSeconds === null ? 'not finished' : `finished ${r.importSeconds.toFixed(0)} s into the window`}): ` +
      `others' latency while it ran p50 ${seconds(percentile(during, 50))} / p95 ${seconds(percentile(during, 95))} s (${during.length} events), ` +
      `after p50 ${seconds(percentile(after, 50))} / p95 ${seconds(percentile(after, 95))} s (${after.length} events)\n`,
  );
  process.stdout.write(
    `  split: appended -> stored by a poll p50 ${seconds(percentile(a.ingestMs, 50))} / p95 ${seconds(percentile(a.ingestMs, 95))} / max ${seconds(percentile(a.ingestMs, 100))} s; ` +
      `stored -> posted p50 ${seconds(percentile(a.deliveryMs, 50))} / p95 ${seconds(percentile(a.deliveryMs, 95))} / max ${seconds(percentile(a.deliveryMs, 100))} s\n`,
  );
  const { gaps, bursts } = r.polls;
  process.stdout.write(`  real poll interval per organization (gaps between its request bursts): p50 ${seconds(percentile(gaps, 50))} / p95 ${seconds(percentile(gaps, 95))} / max ${seconds(percentile(gaps, 100))} s (${gaps.length} gaps); one poll's requests span p50 ${seconds(percentile(bursts, 50))} / p95 ${seconds(percentile(bursts, 95))} s\n`);
  const q = r.syncQueue;
  process.stdout.write(`  sync queue (every 1 s): connections due but unclaimed median ${q.due.median} / peak ${q.due.peak}; leased (cycles running) median ${q.leased.median} / peak ${q.leased.peak}\n`);
  const p = r.partner;
  process.stdout.write(
    `  Partner: ${p.requests} requests (${p.perSecond.toFixed(1)}/s over ${p.tokens} tokens), max ${p.maxPerTokenSecond} per token in a 1-s window ` +
      `(${p.maxAnsweredPerTokenSecond} answered), ${p.throttled} throttled, ${p.errors} other errors; ` +
      `importing token: ${p.importRequests} requests, ${p.importAnsweredPerSecond.toFixed(2)} answered/s, ${p.importThrottled} throttled\n`,
  );
  const s = r.slack;
  process.stdout.write(`  Slack: ${s.calls} calls (${s.methods}), max ${s.maxPerChannelSecond} per channel in a 1-s window (${s.maxPostsPerChannelSecond} posts), ${s.failed} failed\n`);
  process.stdout.write(`  database sessions (bots): peak ${r.db.peak}, peak active ${r.db.peakActive}, median ${r.db.median}; active-session samples ${r.db.activeSamples}, of them waiting on a lock ${r.db.lockWaits}; deadlocks ${r.db.deadlocks ?? '?'}; most seen running:\n`);
  for (const [query, n] of r.db.top) process.stdout.write(`    ${n} x ${query}\n`);
  process.stdout.write(`  bench process event-loop delay: p99 ${r.harness.p99Ms.toFixed(0)} ms, max ${r.harness.maxMs.toFixed(0)} ms\n`);
  console.table(r.processes.map((proc) => ({
    process: proc.name,
    pid: proc.pid,
    'CPU s in window': proc.cpuSeconds.toFixed(1),
    'CPU %': ((100 * proc.cpuSeconds) / (r.windowSeconds + r.drainSeconds)).toFixed(0),
    'peak RSS MB (window)': proc.peakRssMb.toFixed(0),
    'VmHWM MB': proc.lifetimePeakRssMb.toFixed(0),
    killed: proc.killed ? 'yes' : '',
  })));
  for (const proc of r.processes) {
    const lines = summarizeLog(proc.logFile);
    process.stdout.write(`  ${proc.name} log (${proc.logFile}): ${lines.length === 0 ? 'no warnings' : ''}\n`);
    for (const line of lines) process.stdout.write(`    ${line}\n`);
  }
}

/** npm's prestart; src/ being edited mid-build fails it, so it is tried again before giving up. */
async function buildWithRetries(): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return buildIfStale();
    } catch (error) {
      if (attempt >= 5) throw new Error('dist/ could not be built from src/ (npm run build shows why)', { cause: error });
      process.stdout.write(`build failed (attempt ${attempt}); trying again in 15 s\n`);
      await new Promise((r) => setTimeout(r, 15_000));
    }
  }
}

/** BENCH_DATABASE_URL / TEST_DATABASE_URL, or a throwaway server with room for every process's pool. */
async function serverForBench(): Promise<{ url: string; stop: () => Promise<void> }> {
  const configured = benchServerUrl();
  if (configured) return { url: configured, stop: async () => undefined };
  const dataDir = await makeScratchDir('partnerbot-scale-');
  process.stdout.write(`no BENCH_DATABASE_URL: starting a throwaway PostgreSQL server in ${dataDir}\n`);
  const server = await startEmbeddedPostgres({ dataDir, logger: createLogger({ level: 'warn' }), settings: { max_connections: '200' } });
  return {
    url: server.adminUrl,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Latency and exactly-once columns, the same in the per-run and the summary tables. */
function deliveryColumns(a: ScenarioResult['alerts']) {
  return {
    'p50 s': seconds(percentile(a.latenciesMs, 50)),
    'p95 s': seconds(percentile(a.latenciesMs, 95)),
    'max s': seconds(percentile(a.latenciesMs, 100)),
    posted: a.posted,
    missing: a.missing,
    doubled: a.doubled,
  };
}
