import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { repoRoot } from './manifest.ts';

/** The bot run exactly as `npm start` runs it (the compiled dist/main.js), in a clean environment. */
export interface BotProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** kill -9: no shutdown code runs, claims and leases are left as they were. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
}

/** npm's prestart: compile src/ to dist/ when it changed. */
export function buildIfStale(): void {
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: repoRoot, stdio: 'ignore' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    port,
    output: () => output,
    exited,
    async waitHealthy(timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        // 503 with the database answering is still a running bot (e.g. Slack refusing its token).
        if (res && (res.status === 200 || res.status === 503)) return;
        if (child.exitCode !== null) throw new Error(`the bot exited before /healthz answered:\n${output.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no /healthz answer on port ${port} within ${timeoutMs} ms:\n${output.slice(-2000)}`);
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
