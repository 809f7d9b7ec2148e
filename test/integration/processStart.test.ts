import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT_TOKEN, startFakeSlack, type FakeSlack } from '../helpers/fakeSlack.ts';
import { repoRoot } from '../helpers/manifest.ts';
import { firstUnreachableFolder } from '../../src/storage/embedded/serverUser.ts';

/** Runs the bot exactly as `npm start` does (the compiled dist/main.js), in a clean environment. */
function startProcess(env: Record<string, string>, asUser?: { uid: number; gid: number }): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: repoRoot,
    ...asUser,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number, timeoutMs = 45_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no healthy /healthz on port ${port} within ${timeoutMs} ms`);
}

describe('starting the bot as a process', () => {
  let fake: FakeSlack;
  let dataDir: string;
  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: repoRoot, stdio: 'ignore' }); // npm's prestart
    fake = await startFakeSlack();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-start-'));
  });
  afterAll(async () => {
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when nothing is configured, then it prints the configuration message and exits non-zero', async () => {
    const run = startProcess({});
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('partnerbot cannot start');
    expect(run.output()).toContain('SLACK_SIGNING_SECRET');
    expect(run.output()).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  });

  it('when only the bot token and signing secret are set, then it serves /healthz on the embedded database and keeps its data across a restart', async () => {
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.apiUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
    };
    const first = startProcess(env);
    await waitForHealth(port);
    expect(first.output()).toContain('Applied database migrations');
    expect(first.output()).toContain('Generated a token encryption key');
    const key = await readFile(path.join(dataDir, 'token-encryption.key'), 'utf8');

    // While it runs, a second process on the same DATA_DIR is refused with a clear message.
    const second = startProcess({ ...env, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another partnerbot process \(pid \d+\) is using the embedded database/);

    // The embedded server listens on its Unix socket only, and not as root.
    const server = serverPid(dataDir);
    expect(isAlive(server)).toBe(true);
    if (process.getuid?.() === 0) expect(processUid(server)).not.toBe(0);
    expect(await embeddedSetting(dataDir, 'listen_addresses')).toBe('');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(isAlive(server)).toBe(false); // stopped with the bot

    const restarted = startProcess(env);
    await waitForHealth(port);
    expect(restarted.output()).not.toContain('Applied database migrations'); // schema survived
    expect(restarted.output()).not.toContain('Generated a token encryption key');
    expect(await readFile(path.join(dataDir, 'token-encryption.key'), 'utf8')).toBe(key);
    expect(restarted.output()).not.toContain(key.trim());
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 120_000);

  it('when Slack cannot be reached at start-up, then the process keeps running and serving /healthz instead of crashing', async () => {
    const port = await freePort();
    const nobody = await freePort(); // nothing listens there: every Slack call is refused
    const dir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-noslack-'));
    const run = startProcess({ SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: `http://127.0.0.1:${nobody}/api/`, DATA_DIR: dir, PORT: String(port) });
    try {
      await waitForHealth(port);
      // Bolt's own start-up auth.test used to reject unhandled about 3 s in (after its retries).
      await new Promise((r) => setTimeout(r, 8000));
      expect(run.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    } finally {
      run.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('when the bot is killed with kill -9, then the next start stops the orphaned server, starts its own and keeps the data', async () => {
    const port = await freePort();
    const env = { SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl, DATA_DIR: dataDir, PORT: String(port) };
    const first = startProcess(env);
    await waitForHealth(port);
    const orphan = serverPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan)).toBe(true); // a postmaster outlives its parent

    const next = startProcess(env);
    await waitForHealth(port);
    expect(next.output()).toContain('Stopping the embedded PostgreSQL server left running');
    expect(isAlive(orphan)).toBe(false);
    expect(next.output()).not.toContain('Applied database migrations');
    expect(next.output()).not.toContain('Generated a token encryption key');
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 120_000);
});

/** Root can start the bot as `nobody` when that user may read the checkout (not under /root, say). */
async function normalUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const nobody = { name: 'nobody', uid: 65534, gid: 65534 };
  return (await firstUnreachableFolder(path.join(repoRoot, 'dist'), nobody)) === null ? nobody : null;
}

function serverPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

it('when a normal user starts the bot, then the embedded server runs as that user', async (context) => {
  const user = await normalUser();
  if (!user) return context.skip(); // run as a normal user already, or the checkout is private to root
  const fake = await startFakeSlack();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-user-'));
  await chown(dataDir, user.uid, user.gid);
  try {
    const port = await freePort();
    const run = startProcess({ SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl, DATA_DIR: dataDir, PORT: String(port) }, user);
    await waitForHealth(port);
    expect(processUid(serverPid(dataDir))).toBe(user.uid);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  } finally {
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function processUid(pid: number): number {
  return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

async function embeddedSetting(dataDir: string, name: string): Promise<string> {
  const client = new pg.Client({ host: path.join(dataDir, 'run'), user: 'partnerbot', database: 'partnerbot' });
  await client.connect();
  try {
    return ((await client.query(`show ${name}`)).rows[0] as Record<string, string>)[name]!;
  } finally {
    await client.end();
  }
}
