import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';

const LOCK_FILE = 'partnerbot.lock';

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * The embedded database belongs to one bot process: a second one would stop the first one's server
 * as an orphan. The lock file holds the owner's pid; a lock whose process is gone is stale and
 * taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new AppError(
        'data_dir_locked',
        `Another partnerbot process (pid ${owner}) is using the embedded database in ${path.resolve(dataDir)}. ` +
          'Stop that process, give this one its own DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
    await rm(file, { force: true });
  }
  throw new AppError('data_dir_locked', `Could not lock ${path.resolve(dataDir)}: it keeps changing hands.`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
