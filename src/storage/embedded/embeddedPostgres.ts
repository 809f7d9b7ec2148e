import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, open, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AppError, errorMessage } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { resolvePostgresBinaries, type PostgresBinaries } from './binaries.ts';
import { stopOrphanedServer, waitForExit } from './orphan.ts';
import { embeddedServerSettings } from './serverSettings.ts';
import { chooseServerUser, firstUnreachableFolder, type ServerUser } from './serverUser.ts';

export interface EmbeddedPostgres {
  /** A connection string for the bot's database, through the server's Unix socket. */
  url: string;
  /** Administrative connection string (database `postgres`), for tests that create databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

export const EMBEDDED_USER = 'partnerbot';
export const EMBEDDED_DATABASE = 'partnerbot';
/** A socket path must fit in sockaddr_un (108 bytes on Linux, 104 on macOS) with its file name. */
const MAX_SOCKET_DIR_LENGTH = 90;
const READY_TIMEOUT_MS = 120_000;

/**
 * A real PostgreSQL server from npm-packaged binaries, owned by this process: its cluster lives in
 * `dataDir/postgres`, it listens only on a Unix socket, and it stops with the bot. The caller holds
 * the DATA_DIR lock, so a server still running on this cluster was left by a bot that died
 * (`kill -9`): it is stopped before ours starts.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger: Logger;
  /** Server settings over the defaults (tests allow more sessions). */
  settings?: Record<string, string>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const user = await chooseServerUser(clusterDir);
  if (user) await makeReachable(dataDir, user, logger);
  const binaries = await binariesFor(user, logger);

  await stopOrphanedServer(clusterDir, logger);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await createCluster(clusterDir, binaries, user, logger);
  const { socketDir, temporary: temporarySocketDir } = await prepareSocketDir(dataDir, user);

  let stopping = false;
  const settings = { ...embeddedServerSettings(socketDir), ...options.settings };
  let server = await launch(binaries, clusterDir, settings, dataDir, user);
  const adminUrl = socketUrl(socketDir, 'postgres');
  await waitUntilReady(adminUrl, server, dataDir);
  await createDatabaseOnce(adminUrl);

  // A server that dies under a running bot (the OOM killer, a crash) is started again: PostgreSQL
  // recovers from its WAL, and the pool reconnects through the same socket.
  const restarts: number[] = [];
  const watch = (child: ChildProcess) =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
      logger.error('The embedded PostgreSQL server stopped unexpectedly; starting it again', { code, signal, log: path.join(dataDir, 'postgres.log') });
      if (restarts.length > 5) {
        logger.error('The embedded PostgreSQL server keeps stopping; partnerbot stops too. See the log file.', { log: path.join(dataDir, 'postgres.log') });
        process.kill(process.pid, 'SIGTERM');
        return;
      }
      setTimeout(() => {
        launch(binaries, clusterDir, settings, dataDir, user)
          .then((next) => {
            server = next;
            watch(next);
          })
          .catch((error: unknown) => logger.error('Could not start the embedded PostgreSQL server again', { error }));
      }, 1000);
    });
  watch(server);
  // A bot that exits without stop() (an uncaught error) still asks its server to shut down.
  const onExit = () => {
    if (!stopping && server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
  };
  process.once('exit', onExit);
  logger.info('Embedded PostgreSQL is running', { dataDir: clusterDir, pid: server.pid, ...(user ? { runAs: user.name } : {}) });

  return {
    url: socketUrl(socketDir, EMBEDDED_DATABASE),
    adminUrl,
    async stop() {
      stopping = true;
      process.removeListener('exit', onExit);
      if (server.exitCode !== null || server.signalCode !== null) return;
      // SIGINT is PostgreSQL's "fast" shutdown: sessions end, a checkpoint is written, it exits.
      server.kill('SIGINT');
      if (!(await waitForExit(server, 30_000))) {
        server.kill('SIGQUIT');
        await waitForExit(server, 5_000);
      }
      if (temporarySocketDir) await rm(socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server's user must reach its cluster inside DATA_DIR. DATA_DIR itself is the bot's: it is made
 * enterable (not readable) by others, which exposes nothing (the key file is 0600, the cluster 0700).
 */
async function makeReachable(dataDir: string, user: ServerUser, logger: Logger): Promise<void> {
  const blocked = await firstUnreachableFolder(path.dirname(dataDir), user);
  if (blocked) {
    throw new AppError(
      'embedded_database_unavailable',
      `PostgreSQL refuses to run as root, so the embedded database runs as user "${user.name}", which cannot enter ${blocked}. ` +
        'Put DATA_DIR in a folder other users may enter (for example /var/lib/partnerbot), run partnerbot as a normal user, or set DATABASE_URL.',
    );
  }
  if ((await firstUnreachableFolder(dataDir, user)) !== null) {
    const { mode } = await stat(dataDir);
    await chmod(dataDir, (mode & 0o7777) | 0o001);
    logger.info('Let the embedded PostgreSQL server user enter DATA_DIR', { dataDir, runAs: user.name });
  }
}

/**
 * The binaries as the server's user can run them. When root runs partnerbot from a folder that user
 * cannot enter (a checkout under /root), they are copied once to a shared temporary folder.
 */
async function binariesFor(user: ServerUser | null, logger: Logger): Promise<PostgresBinaries> {
  const binaries = await resolvePostgresBinaries();
  if (!user || (await firstUnreachableFolder(binaries.postgres, user)) === null) return binaries;
  const version = (await readFile(path.join(path.dirname(binaries.nativeDir), 'package.json'), 'utf8').then((t) => JSON.parse(t) as { version: string })).version;
  const copy = path.join(os.tmpdir(), `partnerbot-postgres-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    const staging = `${copy}.${process.pid}`;
    await cp(binaries.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await rename(staging, copy).catch(async () => rm(staging, { recursive: true, force: true }));
    logger.info('Copied the PostgreSQL binaries where the server user can run them', { to: copy, runAs: user.name });
  }
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb'), nativeDir: copy };
}

/** initdb into a scratch folder, renamed into place only when complete: a crash never leaves half a cluster. */
async function createCluster(clusterDir: string, binaries: PostgresBinaries, user: ServerUser | null, logger: Logger): Promise<void> {
  const staging = `${clusterDir}.initdb`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  if (user) await chown(staging, user.uid, user.gid);
  const args = ['-D', staging, '-U', EMBEDDED_USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'];
  const output = await run(binaries.initdb, args, user);
  if (output.code !== 0) {
    throw new AppError('embedded_database_unavailable', `Could not create the embedded PostgreSQL database in ${clusterDir}: initdb exited with ${output.code}. ${output.text.trim().slice(-600)}`);
  }
  await rename(staging, clusterDir);
  logger.info('Created the embedded PostgreSQL database', { dataDir: clusterDir });
}

async function prepareSocketDir(dataDir: string, user: ServerUser | null): Promise<{ socketDir: string; temporary: boolean }> {
  const inDataDir = path.join(dataDir, 'run');
  const temporary = inDataDir.length > MAX_SOCKET_DIR_LENGTH;
  const socketDir = temporary ? await mkdtemp(path.join(os.tmpdir(), 'partnerbot-pg-')) : inDataDir;
  if (!temporary) await mkdir(socketDir, { recursive: true, mode: 0o700 });
  if (user) await chown(socketDir, user.uid, user.gid);
  return { socketDir, temporary };
}

async function launch(binaries: PostgresBinaries, clusterDir: string, settings: Record<string, string>, dataDir: string, user: ServerUser | null): Promise<ChildProcess> {
  const args = ['-D', clusterDir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  const logPath = path.join(dataDir, 'postgres.log');
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

function socketUrl(socketDir: string, database: string): string {
  // The host part is a placeholder the `host` parameter overrides: pg then connects through the socket.
  return `postgresql://${EMBEDDED_USER}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
}

async function waitUntilReady(adminUrl: string, server: ChildProcess, dataDir: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      const tail = await readFile(path.join(dataDir, 'postgres.log'), 'utf8').then((t) => t.trim().split('\n').slice(-5).join(' | '), () => '');
      throw new AppError('embedded_database_unavailable', `The embedded PostgreSQL server exited at start (code ${server.exitCode ?? server.signalCode}). Its log says: ${tail}`);
    }
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new AppError('embedded_database_unavailable', `The embedded PostgreSQL server did not accept connections within ${READY_TIMEOUT_MS / 1000} s: ${errorMessage(lastError)}`);
}

async function createDatabaseOnce(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], user: ServerUser | null): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, LC_ALL: 'C' }, ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, text }));
  });
}
