import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startPartnerbot, type Partnerbot } from '../../src/partnerbot.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { FAKE_BOT_TOKEN, type FakeSlack } from './fakeSlack.ts';

export const TEST_SIGNING_SECRET = 'test-signing-secret';
export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');

export interface TestBot {
  bot: Partnerbot;
  baseUrl: string;
  config: Config;
  /** Every line the bot logged, for assertions such as "no secret ever reaches a log". */
  logs: string[];
  stop(): Promise<void>;
}

/** Starts the real composition root on port 0 against the fake Slack and a test database. */
export async function startTestBot(fake: FakeSlack, database: DatabaseHandle, env: Record<string, string> = {}): Promise<TestBot> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
  const bot = await startPartnerbot(config, { logger, database, slackRetryConfig: { retries: 0 }, scheduleJobs: false });
  return { bot, baseUrl: `http://127.0.0.1:${bot.port}`, config, logs, stop: () => bot.stop() };
}
