import { ConfigError, loadDatabaseConfig } from './config.ts';
import { errorMessage } from './errors.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './storage/database.ts';
import { migrateToLatest } from './storage/migrator.ts';

/** `npm run migrate`: applies pending migrations to the configured database, nothing else. */
try {
  const handle = await openDatabase(loadDatabaseConfig(process.env), { logger: createLogger({ level: 'info' }) });
  try {
    const { applied } = await migrateToLatest(handle.db);
    process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  } finally {
    await handle.close();
  }
} catch (error) {
  process.stderr.write(`Migration failed: ${error instanceof ConfigError ? error.message : errorMessage(error)}\n`);
  process.exit(1);
}
