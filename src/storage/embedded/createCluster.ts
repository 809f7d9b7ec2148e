import { spawn } from 'node:child_process';
import { chown, mkdir, rename, rm } from 'node:fs/promises';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { PostgresBinaries } from './binaries.ts';
import type { ServerUser } from './serverUser.ts';

/** initdb into a scratch folder, renamed into place only when complete: a crash never leaves half a cluster. */
export async function createCluster(clusterDir: string, binaries: PostgresBinaries, user: ServerUser | null, superuser: string, logger: Logger): Promise<void> {
  const staging = `${clusterDir}.initdb`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  if (user) await chown(staging, user.uid, user.gid);
  const args = ['-D', staging, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'];
  const output = await run(binaries.initdb, args, user);
  if (output.code !== 0) {
    throw new AppError('embedded_database_unavailable', `Could not create the embedded PostgreSQL database in ${clusterDir}: initdb exited with ${output.code}. ${output.text.trim().slice(-600)}`);
  }
  await rename(staging, clusterDir);
  logger.info('Created the embedded PostgreSQL database', { dataDir: clusterDir });
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
