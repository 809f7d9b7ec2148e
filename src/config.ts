import { AppError } from './errors.ts';
import type { LogLevel } from './logger.ts';

export type SlackMode =
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret: string | null }
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; signingSecret: string; stateSecret: string };

export type DatabaseConfig =
  | { kind: 'server'; url: string }
  | { kind: 'embedded'; dataDir: string };

export interface Config {
  slack: SlackMode;
  slackApiUrl: string;
  database: DatabaseConfig;
  dataDir: string;
  /** Base64 of 32 bytes; null with the embedded default means "generate one into DATA_DIR". */
  tokenEncryptionKey: string | null;
  /** Keys that encrypted tokens before the current one; tokens are re-encrypted at start-up. */
  previousTokenEncryptionKeys: string[];
  partnerApiUrl: string;
  partnerApiVersion: string;
  partnerRateLimitPerSecond: number;
  pollIntervalSeconds: number;
  port: number;
  logLevel: LogLevel;
}

export const DEFAULT_PARTNER_API_VERSION = '2026-10';

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super('config_invalid', formatProblems(problems));
    this.name = 'ConfigError';
  }
}

const SLACK_MODES_HELP = [
  'Set the Slack variables for one of the three ways to run partnerbot:',
  '  Socket Mode, one workspace (no public URL): SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-...)',
  '  HTTP, one workspace:                        SLACK_BOT_TOKEN (xoxb-...) and SLACK_SIGNING_SECRET',
  '  HTTP with OAuth, many workspaces:           SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET and SLACK_STATE_SECRET',
].join('\n');

function formatProblems(problems: string[]): string {
  return [
    `partnerbot cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}.`,
    ...problems.map((p) => `- ${p.replace(/\n/g, '\n  ')}`),
    'See README.md, "Configuration", for every variable.',
  ].join('\n');
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** Where the data lives: DATABASE_URL's server, or the embedded server in DATA_DIR. */
function readDatabase(env: Env, problems: string[]): { database: DatabaseConfig; dataDir: string } {
  const dataDir = read(env, 'DATA_DIR') ?? './data';
  const databaseUrl = read(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/partnerbot.');
  }
  return { database: databaseUrl ? { kind: 'server', url: databaseUrl } : { kind: 'embedded', dataDir }, dataDir };
}

/** The database part of the configuration alone (`npm run migrate` needs no Slack settings). */
export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const problems: string[] = [];
  const { database } = readDatabase(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return database;
}

/** Reads the environment into a frozen Config, or throws one ConfigError listing every problem. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];

  const slack = readSlackMode(env, problems);
  const slackApiUrl = readUrl(env, 'SLACK_API_URL', 'https://slack.com/api/', problems);
  const { database, dataDir } = readDatabase(env, problems);
  const databaseUrl = database.kind === 'server' ? database.url : undefined;

  const tokenEncryptionKey = read(env, 'TOKEN_ENCRYPTION_KEY') ?? null;
  if (tokenEncryptionKey === null && databaseUrl) {
    problems.push(
      'TOKEN_ENCRYPTION_KEY is required with DATABASE_URL (Partner tokens are encrypted at rest). ' +
        'Generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    );
  }
  if (tokenEncryptionKey !== null) checkKey('TOKEN_ENCRYPTION_KEY', tokenEncryptionKey, problems);
  const previousTokenEncryptionKeys = (read(env, 'TOKEN_ENCRYPTION_PREVIOUS_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  previousTokenEncryptionKeys.forEach((k) => checkKey('TOKEN_ENCRYPTION_PREVIOUS_KEYS', k, problems));

  const partnerApiUrl = readUrl(env, 'PARTNER_API_URL', 'https://partners.shopify.com', problems).replace(/\/+$/, '');
  const partnerApiVersion = read(env, 'PARTNER_API_VERSION') ?? DEFAULT_PARTNER_API_VERSION;
  if (!/^(\d{4}-(01|04|07|10)|unstable)$/.test(partnerApiVersion)) {
    problems.push(
      `PARTNER_API_VERSION "${partnerApiVersion}" is not a Partner API version: use a quarterly version like ${DEFAULT_PARTNER_API_VERSION}.`,
    );
  }
  const partnerRateLimitPerSecond = readNumber(env, 'PARTNER_RATE_LIMIT_PER_SECOND', 4, { min: 0.1, max: 100 }, problems);
  // The fastest interval at which a 3-app organization's live polls stay under 10% of its 4 req/s
  // (measured: `npm run bench -- latency`, README "Poll interval and cost").
  const pollIntervalSeconds = readNumber(env, 'POLL_INTERVAL_SECONDS', 20, { min: 1, max: 86_400, integer: true }, problems);
  const port = readNumber(env, 'PORT', 3000, { min: 0, max: 65_535, integer: true }, problems);
  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    problems.push(`LOG_LEVEL "${logLevel}" is not one of debug, info, warn, error.`);
  }

  if (problems.length > 0 || slack === null) throw new ConfigError(problems);
  return Object.freeze({
    slack,
    slackApiUrl: slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`,
    database,
    dataDir,
    tokenEncryptionKey,
    previousTokenEncryptionKeys,
    partnerApiUrl,
    partnerApiVersion,
    partnerRateLimitPerSecond,
    pollIntervalSeconds,
    port,
    logLevel: logLevel as LogLevel,
  });
}

function readSlackMode(env: Env, problems: string[]): SlackMode | null {
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  const appToken = read(env, 'SLACK_APP_TOKEN');
  const signingSecret = read(env, 'SLACK_SIGNING_SECRET');
  const clientId = read(env, 'SLACK_CLIENT_ID');
  const clientSecret = read(env, 'SLACK_CLIENT_SECRET');
  const stateSecret = read(env, 'SLACK_STATE_SECRET');

  if (clientId || clientSecret || stateSecret) {
    const missing = [
      !clientId && 'SLACK_CLIENT_ID',
      !clientSecret && 'SLACK_CLIENT_SECRET',
      !signingSecret && 'SLACK_SIGNING_SECRET',
      !stateSecret && 'SLACK_STATE_SECRET',
    ].filter(Boolean);
    if (missing.length > 0) {
      problems.push(`OAuth mode (many workspaces) also needs ${missing.join(', ')}.\n${SLACK_MODES_HELP}`);
      return null;
    }
    if (botToken) problems.push('SLACK_BOT_TOKEN must not be set in OAuth mode: each workspace gets its token when it installs the app.');
    return { kind: 'oauth', clientId: clientId!, clientSecret: clientSecret!, signingSecret: signingSecret!, stateSecret: stateSecret! };
  }
  if (!botToken) {
    problems.push(`No Slack credentials are set.\n${SLACK_MODES_HELP}`);
    return null;
  }
  if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app).');
  if (appToken) {
    if (!appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp- with the connections:write scope (Basic Information page).');
    return { kind: 'socket', botToken, appToken, signingSecret: signingSecret ?? null };
  }
  if (!signingSecret) {
    problems.push(`SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is.\n${SLACK_MODES_HELP}`);
    return null;
  }
  return { kind: 'http', botToken, signingSecret };
}

function checkKey(name: string, value: string, problems: string[]): void {
  if (Buffer.from(value, 'base64').length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    problems.push(`${name} must be 32 random bytes in base64 (44 characters), e.g. from: openssl rand -base64 32`);
  }
}

function readUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const value = read(env, name) ?? fallback;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(`${name} "${value}" is not an http(s) URL.`);
  }
  return value;
}

function readNumber(
  env: Env,
  name: string,
  fallback: number,
  range: { min: number; max: number; integer?: boolean },
  problems: string[],
): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    problems.push(`${name} "${raw}" must be ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}.`);
    return fallback;
  }
  return value;
}
