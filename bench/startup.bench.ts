import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_BOT_TOKEN, startFakeSlack } from '../test/helpers/fakeSlack.ts';
import { benchServerUrl, createScratchServerDatabase } from '../test/helpers/scratchServerDatabase.ts';
import { makeScratchDir } from './support/scratchDataDir.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Spawns the bot as `npm start` runs it and times it until /healthz answers 200. */
async function timeStart(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error('no /healthz within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export default async function startupBench(): Promise<void> {
  const slack = await startFakeSlack();
  const dataDir = await makeScratchDir('partnerbot-startup-');
  const env = { SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, DATA_DIR: dataDir };
  try {
    const rows = [{ start: 'first start (creates the embedded database, migrates)', seconds: ((await timeStart(env)) / 1000).toFixed(2) }];
    for (let i = 1; i <= 3; i += 1) {
      rows.push({ start: `restart ${i} (existing data)`, seconds: ((await timeStart(env)) / 1000).toFixed(2) });
    }
    const server = benchServerUrl();
    if (server) {
      const scratch = await createScratchServerDatabase(server);
      try {
        const serverEnv = { ...env, DATABASE_URL: scratch.url, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') };
        rows.push({ start: 'PostgreSQL server, first start', seconds: ((await timeStart(serverEnv)) / 1000).toFixed(2) });
        rows.push({ start: 'PostgreSQL server, restart', seconds: ((await timeStart(serverEnv)) / 1000).toFixed(2) });
      } finally {
        await scratch.dispose();
      }
    }
    console.table(rows);
  } finally {
    await slack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
