import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../logger.ts';

/**
 * A bot killed with `kill -9` leaves its PostgreSQL server running (a postmaster does not notice its
 * parent's death). The next start holds the DATA_DIR lock, so a live server on this cluster can only
 * be such an orphan: it is shut down ("fast": its sessions end, a checkpoint is written) and ours
 * starts on the same files.
 */
export async function stopOrphanedServer(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(pidFile?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await isPostgresOf(pid, clusterDir))) return;
  logger.warn('Stopping the embedded PostgreSQL server left running by a partnerbot process that did not stop cleanly', { pid });
  process.kill(pid, 'SIGINT');
  if (await waitForPid(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitForPid(pid, 5_000)) return;
  process.kill(pid, 'SIGKILL');
  await waitForPid(pid, 5_000);
}

/** On Linux the pid must still be a postgres process on this cluster (pids are reused). */
async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (cmdline === null) return process.platform !== 'linux';
  return cmdline.includes('postgres') && cmdline.includes(clusterDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForPid(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

export async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
