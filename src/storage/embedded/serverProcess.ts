import { spawn, type ChildProcess } from 'node:child_process';
import { open, rename, stat } from 'node:fs/promises';
import type { Logger } from '../../logger.ts';
import type { PostgresBinaries } from './binaries.ts';
import { waitForExit } from './orphan.ts';
import type { ServerUser } from './serverUser.ts';

/** Starts the postmaster with its settings on the command line, its output appended to logPath. */
export async function launch(binaries: PostgresBinaries, clusterDir: string, settings: Record<string, string>, logPath: string, user: ServerUser | null): Promise<ChildProcess> {
  const args = ['-D', clusterDir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  // Rotated at start so a long-lived install never fills its disk with server logs.
  const previous = await stat(logPath).catch(() => null);
  if (previous && previous.size > 10 * 1024 * 1024) await rename(logPath, `${logPath}.1`);
  const log = await open(logPath, 'a', 0o600);
  try {
    // Its own process group: a Ctrl-C in the terminal reaches the bot, which then stops the server
    // after its last query instead of under it. Output goes to a file, not a pipe, so a server
    // orphaned by `kill -9` of the bot keeps running cleanly until the next start stops it.
    const child = spawn(binaries.postgres, args, {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { ...process.env, LC_ALL: 'C' },
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return child;
  } finally {
    await log.close();
  }
}

export interface SupervisedServer {
  pid(): number | undefined;
  /** Why the current process ended (null while it runs). */
  exited(): string | null;
  stop(): Promise<void>;
}

/**
 * Keeps the server running while the bot does. One that dies under a running bot (the OOM killer, a
 * crash) is started again: PostgreSQL recovers from its WAL, and the pool reconnects through the same
 * socket. More than 5 deaths in a minute stop the bot too, with the log file to read.
 */
export async function superviseServer(options: { launch: () => Promise<ChildProcess>; logPath: string; logger: Logger }): Promise<SupervisedServer> {
  const { logger, logPath } = options;
  let stopping = false;
  let server = await options.launch();
  const deaths: number[] = [];
  const watch = (child: ChildProcess) =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length > 0 && deaths[0]! < now - 60_000) deaths.shift();
      if (deaths.length > 5) {
        logger.error('The embedded PostgreSQL server keeps stopping; partnerbot stops too. See its log.', { log: logPath });
        process.kill(process.pid, 'SIGTERM');
        return;
      }
      logger.error('The embedded PostgreSQL server stopped unexpectedly; starting it again', { code, signal, log: logPath });
      setTimeout(() => {
        if (stopping) return;
        options.launch().then((next) => {
          server = next;
          watch(next);
        }, (error: unknown) => logger.error('Could not start the embedded PostgreSQL server again', { error }));
      }, 1000);
    });
  watch(server);
  const running = () => server.exitCode === null && server.signalCode === null;
  // A bot that exits without stop() (an uncaught error) still asks its server to shut down.
  const onExit = () => {
    if (!stopping && running()) server.kill('SIGINT');
  };
  process.once('exit', onExit);
  return {
    pid: () => server.pid,
    exited: () => (running() ? null : `code ${server.exitCode ?? server.signalCode}`),
    async stop() {
      stopping = true;
      process.removeListener('exit', onExit);
      if (!running()) return;
      // SIGTERM is PostgreSQL's "smart" shutdown: it waits for the sessions still closing (the pool
      // ends its clients without waiting for them) instead of cutting them off mid-goodbye. Then
      // SIGINT, "fast": sessions end, a checkpoint is written, it exits.
      server.kill('SIGTERM');
      if (await waitForExit(server, 5_000)) return;
      server.kill('SIGINT');
      if (!(await waitForExit(server, 30_000))) {
        server.kill('SIGQUIT');
        await waitForExit(server, 5_000);
      }
    },
  };
}
