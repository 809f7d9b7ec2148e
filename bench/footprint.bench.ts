import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { footprintCandidates } from './support/footprint/candidates.ts';
import { measureCandidate, type Row } from './support/footprint/measureCandidate.ts';
import { generateHistory } from './support/footprint/partnerWorld.ts';

/**
 * `npm run bench -- footprint`: the memory of the whole process tree (the bot and the database
 * processes it starts) on one identical workload, per embedded-database candidate: the embedded
 * PostgreSQL server (the default, as `npm start` runs it, and through tsx), PGlite in-process (the
 * previous default, through tsx), and with BENCH_DATABASE_URL or TEST_DATABASE_URL the bot alone on
 * an external server. Workload: connect a workspace to one organization with 3 apps and ~15,000
 * records of history, ask for figures every ~500 ms while the history imports, 40 more when quiet,
 * then idle (BENCH_FOOTPRINT_IDLE_SECONDS, default 60), SIGTERM, and a warm restart. Linux only
 * (/proc); loopback only; it prints figures and asserts nothing.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stdout.write(`${line}\n`);

const TARGETS = { peakRssMb: 300, idleMb: 200, warmStartS: 5 };

export default async function run(): Promise<void> {
  if (process.platform !== 'linux') {
    log('footprint: skipped, it reads process memory from /proc (Linux only)');
    return;
  }
  const history = generateHistory();
  log(`history: ${history.events.length.toLocaleString('en-US')} events + ${history.transactions.length.toLocaleString('en-US')} transactions for 3 apps of one organization`);

  const results: Record<string, Row> = {};
  for (const candidate of footprintCandidates(root)) {
    // Other work on the machine (a test run) slows starts and commands: the load says if there was any.
    log(`\n[${candidate.label}] node ${candidate.args.join(' ')}  (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs)`);
    const started = performance.now();
    try {
      results[candidate.label] = await measureCandidate(root, candidate, history, log);
    } catch (error) {
      // One broken candidate (a start-up failure) still leaves the others' figures worth printing.
      log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
      results[candidate.label] = { failed: (error instanceof Error ? error.message : String(error)).slice(0, 120) };
    }
    log(`  (${((performance.now() - started) / 1000).toFixed(0)} s for this candidate)`);
  }

  // Metrics as rows and candidates as columns: the candidates read side by side.
  const metrics = [...new Set(Object.values(results).flatMap((row) => Object.keys(row)))];
  const table: Record<string, Record<string, string | number>> = {};
  for (const metric of metrics) {
    table[metric] = Object.fromEntries(Object.entries(results).map(([label, row]) => [label, row[metric] ?? '']));
  }
  log('');
  console.table(table);

  log(`\ntargets: peak tree RSS <= ${TARGETS.peakRssMb} MB, idle tree <= ${TARGETS.idleMb} MB, warm start (spawn to /healthz 200) <= ${TARGETS.warmStartS} s`);
  for (const [label, row] of Object.entries(results)) {
    if (row.failed !== undefined) continue;
    const check = (value: unknown, limit: number) => (Number(value) <= limit ? 'ok' : 'OVER');
    log(
      `  ${label}: peak RSS ${row['peak tree RSS MB']} MB ${check(row['peak tree RSS MB'], TARGETS.peakRssMb)}; ` +
        `idle RSS ${row['idle tree RSS MB']} MB ${check(row['idle tree RSS MB'], TARGETS.idleMb)} (PSS ${row['idle tree PSS MB']} MB ${check(row['idle tree PSS MB'], TARGETS.idleMb)}); ` +
        `warm start ${row['warm start s']} s ${check(row['warm start s'], TARGETS.warmStartS)}`,
    );
  }
  log('RSS counts pages shared between processes once per process (PostgreSQL shared buffers, code); PSS splits them, so the PSS sum is what the tree costs.');
  log('durations are wall clock, including the Partner API rate limit (4 requests a second, as Shopify) that paces the import.');
}
