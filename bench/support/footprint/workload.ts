import type { FakeSlack } from '../../../test/helpers/fakeSlack.ts';
import { connectWorkspace, readStatus, timeCommand, type CommandResult } from './slackUser.ts';

/**
 * The workload every candidate runs: connect the workspace, then ask for figures every ~500 ms while
 * the history import runs (until `/partner status` says Connected), then 40 more when it is quiet.
 */
export const FIGURE_COMMANDS = ['mrr', 'churn last 30d', 'revenue this month', 'installs last 7d'];
const PACE_MS = 500;
const QUIET_COMMANDS = 40;
const IMPORT_CAP_MS = Number(process.env.BENCH_FOOTPRINT_IMPORT_CAP_SECONDS ?? 600) * 1000;

export interface WorkloadResult {
  importMs: number;
  importComplete: boolean;
  records: number | null;
  during: CommandResult[];
  quiet: CommandResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One command at a time, each started PACE_MS after the previous one started (later if it took
 * longer): a steady user, and never a pile of requests that would measure a queue instead.
 */
async function paced(baseUrl: string, fake: FakeSlack, keepGoing: (sent: number) => boolean, into: CommandResult[]): Promise<void> {
  for (let sent = 0; keepGoing(sent); sent++) {
    const started = performance.now();
    into.push(await timeCommand(baseUrl, fake, FIGURE_COMMANDS[sent % FIGURE_COMMANDS.length]!));
    await sleep(Math.max(0, PACE_MS - (performance.now() - started)));
  }
}

export async function runWorkload(baseUrl: string, fake: FakeSlack, log: (line: string) => void): Promise<WorkloadResult> {
  const started = performance.now();
  await connectWorkspace(baseUrl, fake);
  log(`  connected in ${((performance.now() - started) / 1000).toFixed(1)} s; importing history`);

  let done = false;
  let complete = false;
  let records: number | null = null;
  let importMs = 0;
  let lastText = '';
  // The import's end as a user sees it: `/partner status` polled every second (Slack-visible, and
  // the same signal on every engine; PGlite cannot be read from outside the bot's process).
  const watcher = (async () => {
    while (!done) {
      const status = await readStatus(baseUrl, fake);
      records = status.records ?? records;
      if (status.text !== lastText && !status.text.includes('Importing history')) log(`  status: ${status.text.slice(0, 160)}`);
      lastText = status.text;
      complete = status.complete;
      if (complete || performance.now() - started > IMPORT_CAP_MS) break;
      await sleep(1000);
    }
    importMs = performance.now() - started;
    done = true;
    // "Records imported" is added when a sync cycle ends, which can be just after the last stream
    // is marked complete: read it again until two answers agree (bounded).
    for (let i = 0; complete && i < 20; i++) {
      await sleep(500);
      const again = (await readStatus(baseUrl, fake)).records;
      if (again !== null && again === records && again > 0) break;
      if (again !== records) log(`  status: records imported now ${again} (was ${records})`);
      records = again ?? records;
    }
  })();

  const during: CommandResult[] = [];
  await paced(baseUrl, fake, () => !done, during);
  await watcher;
  log(`  import ${complete ? 'complete' : 'NOT complete (cap reached)'} after ${(importMs / 1000).toFixed(1)} s, ${records ?? '?'} records; ${during.length} commands meanwhile`);

  const quiet: CommandResult[] = [];
  await paced(baseUrl, fake, (sent) => sent < QUIET_COMMANDS, quiet);
  for (const failure of [...during, ...quiet].filter((r) => !r.ok).slice(0, 3)) log(`  failed command: ${failure.text.slice(0, 200)}`);
  return { importMs, importComplete: complete, records, during, quiet };
}

/** p50 / p95 / max in ms over the answered commands (a failure has no latency worth ranking). */
export function latencyFields(phase: string, results: CommandResult[]): Record<string, number | string> {
  const answered = results.filter((r) => r.ok).map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => (answered.length === 0 ? '-' : Math.round(answered[Math.min(answered.length - 1, Math.ceil(q * answered.length) - 1)]!));
  return {
    [`${phase}: commands answered`]: answered.length,
    [`${phase}: commands failed`]: results.length - answered.length,
    [`${phase}: p50 ms`]: at(0.5),
    [`${phase}: p95 ms`]: at(0.95),
    [`${phase}: max ms`]: at(1),
  };
}
