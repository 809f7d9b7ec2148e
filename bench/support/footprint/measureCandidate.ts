import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SimDataSet } from '../../../test/fakes/partnerApi/index.ts';
import { FAKE_BOT_TOKEN } from '../../../test/helpers/fakeSlack.ts';
import { spawnBot, type BotProcess } from './botProcess.ts';
import type { Candidate } from './candidates.ts';
import { startPartnerWorld } from './partnerWorld.ts';
import { startTreeSampler, sampleTree, startTimeOf } from './processTree.ts';
import { SIGNING_SECRET } from './slackUser.ts';
import { latencyFields, runWorkload } from './workload.ts';

const IDLE_SECONDS = Number(process.env.BENCH_FOOTPRINT_IDLE_SECONDS ?? 60);
const mb = (kb: number) => Number((kb / 1024).toFixed(1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Row = Record<string, string | number>;

/**
 * One candidate, start to finish: cold start on a fresh DATA_DIR, the workload under a 200 ms tree
 * sampler, idle, SIGTERM (and a check that nothing of the tree is left), then a warm start.
 */
export async function measureCandidate(root: string, candidate: Candidate, history: SimDataSet, log: (line: string) => void): Promise<Row> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-footprint-'));
  const world = await startPartnerWorld(history);
  const extra = candidate.setup ? await candidate.setup() : { env: {}, dispose: async () => undefined };
  const env = {
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: world.fake.apiUrl,
    PARTNER_API_URL: world.sim.url, DATA_DIR: dataDir, ...extra.env,
  };
  let running: BotProcess | null = null;
  try {
    if (candidate.prepare) {
      const prepared = performance.now();
      candidate.prepare(root);
      log(`  prestart (build-if-stale) ${((performance.now() - prepared) / 1000).toFixed(1)} s, not part of the start time`);
    }
    const bot = (running = await spawnBot(root, candidate.args, env));
    const sampler = startTreeSampler(bot.pid);
    const coldMs = await bot.waitHealthy();
    log(`  cold start ${(coldMs / 1000).toFixed(2)} s`);
    sampler.resetPeak();
    const work = await runWorkload(bot.baseUrl, world.fake, log);
    const peak = sampler.peak();
    const peakPss = sampler.peakPss();
    log(`  peak tree RSS ${mb(peak.rssKb)} MB (PSS ${mb(peakPss)} MB), ${peak.count} processes; idle ${IDLE_SECONDS} s`);
    for (const part of peak.parts ?? []) log(`    ${String(mb(part.rssKb)).padStart(6)} MB RSS ${String(mb(part.pssKb)).padStart(6)} MB PSS  ${part.name}`);
    await sleep(IDLE_SECONDS * 1000);
    const idle = sampler.recentMedian(10);
    log(`  idle tree RSS ${mb(idle.rssKb)} MB (PSS ${mb(idle.pssKb)} MB):`);
    for (const part of sampleTree(bot.pid).parts ?? []) log(`    ${String(mb(part.rssKb)).padStart(6)} MB RSS ${String(mb(part.pssKb)).padStart(6)} MB PSS  ${part.name}`);
    sampler.stop();
    const stopped = await bot.stop(sampler.seen());
    running = null;
    const left = await reportLeftovers('stop', stopped, log);
    logLines('first run', bot.logs, log);

    const warm = (running = await spawnBot(root, candidate.args, env));
    const warmMs = await warm.waitHealthy();
    const warmStopped = await warm.stop();
    running = null;
    const warmLeft = await reportLeftovers('warm stop', warmStopped, log);
    logLines('warm start', warm.logs, log);
    await postgresLog(dataDir, log);
    log(`  warm start ${(warmMs / 1000).toFixed(2)} s`);

    return {
      'peak tree RSS MB': mb(peak.rssKb),
      'peak tree PSS MB': mb(peakPss),
      'idle tree RSS MB': mb(idle.rssKb),
      'idle tree PSS MB': mb(idle.pssKb),
      'processes at peak': peak.count,
      'cold start s': Number((coldMs / 1000).toFixed(2)),
      'warm start s': Number((warmMs / 1000).toFixed(2)),
      'import s': work.importComplete ? Number((work.importMs / 1000).toFixed(1)) : `${(work.importMs / 1000).toFixed(0)} (cap; not complete)`,
      'records imported': work.records ?? '?',
      'records in the history': history.events.length + history.transactions.length,
      ...latencyFields('during import', work.during),
      ...latencyFields('quiet', work.quiet),
      'left after SIGTERM': left + warmLeft,
      'bot log lines (warn+)': bot.logs.length + warm.logs.length,
    };
  } finally {
    if (running) await reportLeftovers('cleanup', await running.stop(), log);
    await world.stop();
    await extra.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Reports processes of the tree that outlived the bot, then ends them (they are this bench's). */
async function reportLeftovers(when: string, stopped: Awaited<ReturnType<BotProcess['stop']>>, log: (line: string) => void): Promise<number> {
  if (stopped.killed) log(`  ${when}: the bot did not exit within 60 s of SIGTERM; killed`);
  else if (stopped.code !== 0) log(`  ${when}: the bot exited with code ${stopped.code} signal ${stopped.signal}`);
  if (stopped.left.length === 0) return 0;
  for (const p of stopped.left) log(`  ${when}: LEFT BEHIND pid ${p.pid}: ${p.command}`);
  // Postmaster first (SIGINT is its fast shutdown); a second pass kills whatever remains.
  const starts = new Map(stopped.left.map((p) => [p.pid, startTimeOf(p.pid)]));
  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    for (const p of stopped.left) {
      if (startTimeOf(p.pid) !== starts.get(p.pid)) continue; // gone (or the pid was reused)
      try {
        process.kill(p.pid, signal);
      } catch {
        // exited just now
      }
    }
    await sleep(3000);
  }
  return stopped.left.length;
}

function logLines(when: string, lines: string[], log: (line: string) => void): void {
  if (lines.length === 0) return;
  log(`  bot output (${when}): ${lines.length} line(s) at LOG_LEVEL=warn; first ones:`);
  for (const line of lines.slice(0, 5)) log(`    ${line.slice(0, 300)}`);
}

/** The embedded server's own log (DATA_DIR/postgres.log): any ERROR, FATAL or PANIC is worth a look. */
async function postgresLog(dataDir: string, log: (line: string) => void): Promise<void> {
  const text = await readFile(path.join(dataDir, 'postgres.log'), 'utf8').catch(() => null);
  if (text === null) return;
  const bad = text.split('\n').filter((l) => /\b(ERROR|FATAL|PANIC):/.test(l));
  if (bad.length > 0) log(`  postgres.log: ${bad.length} ERROR/FATAL/PANIC line(s), e.g. ${bad.slice(0, 3).join(' | ').slice(0, 400)}`);
}
