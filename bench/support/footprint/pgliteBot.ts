import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { startPartnerbot } from '../../../src/partnerbot.ts';
import { openPglite } from '../../../src/storage/pglite/openPglite.ts';

/**
 * Bench only: the bot as it ran on its previous default engine, PGlite in-process, in
 * DATA_DIR/pgdata. The same configuration and composition root as src/main.ts; only the database
 * handle is opened here (startPartnerbot migrates it and leaves closing it to its opener).
 * Run: node --import tsx bench/support/footprint/pgliteBot.ts
 */
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel });
const database = await openPglite(path.join(config.dataDir, 'pgdata'));
const bot = await startPartnerbot(config, { logger, database });

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info('Stopping', { signal });
  bot
    .stop()
    .then(() => database.close())
    .catch((error: unknown) => logger.error('Stop failed', { error }))
    .finally(() => process.exit(0));
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
