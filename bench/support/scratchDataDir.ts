import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle, type OpenOptions } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';

/** A new, empty folder to serve as a DATA_DIR (the bot lets its server's user enter it when it runs as root). */
export async function makeScratchDir(prefix = 'partnerbot-bench-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * A new DATA_DIR with the embedded PostgreSQL server running on a migrated, empty database, as
 * `npm start` runs it. close() stops the server and removes the folder.
 */
export async function openScratchDatabase(options: OpenOptions = {}): Promise<DatabaseHandle & { dataDir: string }> {
  const dataDir = await makeScratchDir();
  const remove = () => rm(dataDir, { recursive: true, force: true });
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ kind: 'embedded', dataDir }, options);
  } catch (error) {
    await remove();
    throw error;
  }
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    await remove();
    throw error;
  }
  return {
    ...handle,
    dataDir,
    close: async () => {
      try {
        await handle.close();
      } finally {
        await remove();
      }
    },
  };
}

/**
 * A new DATA_DIR on disk holding a migrated, empty embedded database, with its server stopped: for a
 * bench that opens it in another process (as a restarted bot finds it). dispose() removes it.
 */
export async function createScratchDataDir(): Promise<{ dataDir: string; dispose: () => Promise<void> }> {
  const dataDir = await makeScratchDir();
  const dispose = () => rm(dataDir, { recursive: true, force: true });
  try {
    const handle = await openDatabase({ kind: 'embedded', dataDir });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { dataDir, dispose };
}
