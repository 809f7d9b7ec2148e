import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { benchServerUrl, createScratchServerDatabase } from '../../../test/helpers/scratchServerDatabase.ts';

/** One way of running the bot whose process tree the footprint bench measures. */
export interface Candidate {
  label: string;
  /** node arguments, run in the repository root. */
  args: string[];
  /** Run once before the first start (npm start's `prestart`). */
  prepare?(root: string): void;
  /** Extra environment for both starts, and what to undo after. */
  setup?(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

/** `npm start`'s prestart: compiles src/ to dist/ when src/ changed since the last build. */
function buildIfStale(root: string): void {
  const result = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/build-if-stale.mjs exited with ${result.status}`);
}

/** The node arguments of package.json's `start` script, so the bench runs exactly what `npm start` runs. */
function npmStartArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs "${start}", not node: update the footprint bench`);
  return args;
}

export function footprintCandidates(root: string): Candidate[] {
  const NPM_START = npmStartArgs(root);
  const pgliteVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const candidates: Candidate[] = [
    // The new default, exactly as `npm start` runs it: compiled JavaScript, no loader.
    { label: 'embedded PostgreSQL server', args: NPM_START, prepare: buildIfStale },
    // The same bot through tsx, the loader the PGlite entry needs: the engines compared like for like.
    { label: 'embedded PostgreSQL server (tsx)', args: ['--import', 'tsx', 'src/main.ts'] },
    { label: `PGlite ${pgliteVersion} (previous default, tsx)`, args: ['--import', 'tsx', 'bench/support/footprint/pgliteBot.ts'] },
  ];
  const server = benchServerUrl();
  if (server) {
    candidates.push({
      // The bot alone: the server's processes are not its children, so they are not counted.
      label: 'external PostgreSQL server (bot only)',
      args: NPM_START,
      prepare: buildIfStale,
      async setup() {
        const scratch = await createScratchServerDatabase(server);
        return { env: { DATABASE_URL: scratch.url, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, dispose: scratch.dispose };
      },
    });
  }
  // BENCH_FOOTPRINT_ONLY=<part of a label> measures one candidate, to try a change quickly.
  const only = process.env.BENCH_FOOTPRINT_ONLY;
  if (!only) return candidates;
  const exact = candidates.filter((c) => c.label === only);
  return exact.length > 0 ? exact : candidates.filter((c) => c.label.includes(only));
}
