import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { survivors, treeOf, type ProcessIds } from './processTree.ts';

/** A bot process spawned for the footprint bench, its log lines, and how to stop it. */
export interface BotProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** The bot's stdout and stderr lines (the first 400: warnings and errors at LOG_LEVEL=warn). */
  logs: string[];
  /** Milliseconds from spawn to the first 200 from GET /healthz. */
  waitHealthy(timeoutMs?: number): Promise<number>;
  /** SIGTERM, wait for exit, then list the tree's processes still running. */
  stop(alsoSeen?: ProcessIds): Promise<{ code: number | null; signal: string | null; killed: boolean; left: { pid: number; command: string }[] }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function spawnBot(root: string, args: string[], env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const started = performance.now();
  // A minimal environment, as a service manager would give it: only what the bench sets counts.
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '' && logs.length < 400) logs.push(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`could not spawn ${args.join(' ')}`);
  const pid = child.pid;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    child,
    pid,
    baseUrl,
    logs,
    async waitHealthy(timeoutMs = 180_000) {
      for (;;) {
        const ok = await fetch(`${baseUrl}/healthz`).then((r) => r.status === 200, () => false);
        if (ok) return performance.now() - started;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the bot exited before /healthz answered:\n${logs.slice(-10).join('\n')}`);
        if (performance.now() - started > timeoutMs) throw new Error(`no /healthz 200 within ${timeoutMs / 1000} s`);
        await sleep(50);
      }
    },
    async stop(alsoSeen = new Map()) {
      // Everything that is part of the tree right now, plus what the sampler saw earlier.
      const tree = new Map([...alsoSeen, ...treeOf(pid)]);
      let killed = false;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timeout = sleep(60_000).then(() => 'timeout' as const);
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          killed = true;
          child.kill('SIGKILL');
          await exited;
        }
      }
      // The embedded server stops within the bot's stop(); give stragglers a moment to be reaped.
      await sleep(500);
      return { code: child.exitCode, signal: child.signalCode, killed, left: survivors(tree) };
    },
  };
}
