import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';

/** A new DATA_DIR on disk holding a migrated, empty embedded database (closed: whoever uses it opens it). */
export async function createScratchDataDir(): Promise<{ dataDir: string; dispose: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-bench-'));
  const handle = await openDatabase({ kind: 'embedded', dataDir });
  await migrateToLatest(handle.db);
  await handle.close();
  return { dataDir, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}
