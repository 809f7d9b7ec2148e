import { ConfigError, loadConfig } from './config.ts';
import { AppError, errorMessage } from './errors.ts';
import { createLogger } from './logger.ts';
import { startPartnerbot } from './partnerbot.ts';

/** `npm start`: configuration problems and start-up failures end in one readable message. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  let bot;
  try {
    bot = await startPartnerbot(config, { logger });
  } catch (error) {
    const hint = error instanceof AppError ? '' : ' Check the configuration above, then start again.';
    process.stderr.write(`partnerbot could not start: ${errorMessage(error)}${hint}\n`);
    logger.error('Start-up failed', { error });
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info('Stopping', { signal });
    bot
      .stop()
      .catch((error: unknown) => logger.error('Stop failed', { error }))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
