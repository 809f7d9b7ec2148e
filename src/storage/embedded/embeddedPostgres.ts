import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AppError, errorMessage } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { resolvePostgresBinaries, type PostgresBinaries } from './binaries.ts';
import { createCluster } from './createCluster.ts';
import { stopOrphanedServer } from './orphan.ts';
import { launch, superviseServer } from './serverProcess.ts';
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
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await createCluster(clusterDir, binaries, user, EMBEDDED_USER, logger);
  const { socketDir, temporary: temporarySocketDir } = await prepareSocketDir(dataDir, user);

  const settings = { ...embeddedServerSettings(socketDir), ...options.settings };
  const logPath = path.join(dataDir, 'postgres.log');
  const server = await superviseServer({ launch: () => launch(binaries, clusterDir, settings, logPath, user), logPath, logger });
  const adminUrl = socketUrl(socketDir, 'postgres');
  try {
    await waitUntilReady(adminUrl, server.exited, logPath);
    await createDatabaseOnce(adminUrl);
  } catch (error) {
    await server.stop();
    throw error;
  }
  logger.info('Embedded PostgreSQL is running', { dataDir: clusterDir, pid: server.pid(), ...(user ? { runAs: user.name } : {}) });

  return {
    url: socketUrl(socketDir, EMBEDDED_DATABASE),
    adminUrl,
    async stop() {
      await server.stop();
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

async function prepareSocketDir(dataDir: string, user: ServerUser | null): Promise<{ socketDir: string; temporary: boolean }> {
  const inDataDir = path.join(dataDir, 'run');
  const temporary = inDataDir.length > MAX_SOCKET_DIR_LENGTH;
  const socketDir = temporary ? await mkdtemp(path.join(os.tmpdir(), 'partnerbot-pg-')) : inDataDir;
  if (!temporary) await mkdir(socketDir, { recursive: true, mode: 0o700 });
  if (user) await chown(socketDir, user.uid, user.gid);
  return { socketDir, temporary };
}

function socketUrl(socketDir: string, database: string): string {
  // The host part is a placeholder the `host` parameter overrides: pg then connects through the socket.
  return `postgresql://${EMBEDDED_USER}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
}

async function waitUntilReady(adminUrl: string, exited: () => string | null, logPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== null) {
      const tail = await readFile(logPath, 'utf8').then((t) => t.trim().split('\n').slice(-5).join(' | '), () => '');
      throw new AppError('embedded_database_unavailable', `The embedded PostgreSQL server exited at start (${exit}). Its log says: ${tail}`);
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

