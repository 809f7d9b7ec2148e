import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.ts';

export const LOCAL_KEY_FILE = 'token-encryption.key';

/**
 * With the embedded database and no TOKEN_ENCRYPTION_KEY, the key lives beside the data it
 * protects: generated once, mode 0600, and only its path is ever logged.
 */
export async function loadOrCreateLocalKey(dataDir: string, logger: Logger): Promise<Buffer> {
  const file = path.join(dataDir, LOCAL_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile, instead of overwriting its key.
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  logger.info('Generated a token encryption key for the embedded database', { file });
  return key;
}
