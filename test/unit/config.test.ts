import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it.each([
    ['Socket Mode', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, 'socket'],
    ['single-workspace HTTP', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'http'],
    ['OAuth', { SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 'cs', SLACK_SIGNING_SECRET: 's', SLACK_STATE_SECRET: 'st' }, 'oauth'],
  ])('when the %s variables are set, then it runs in that mode', (_name, env, kind) => {
    expect(loadConfig(env).slack.kind).toBe(kind);
  });

  it('when nothing is set, then the one message explains all three ways to run', () => {
    const error = (() => {
      try {
        loadConfig({});
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain('SLACK_APP_TOKEN');
    expect(error!.message).toContain('SLACK_SIGNING_SECRET');
    expect(error!.message).toContain('SLACK_CLIENT_ID');
    expect(error!.message).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('when several things are wrong, then every problem is listed at once', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      DATABASE_URL: 'postgres://db/partnerbot',
      POLL_INTERVAL_SECONDS: '0',
      PARTNER_API_VERSION: '2026-13',
      LOG_LEVEL: 'loud',
      PARTNER_RATE_LIMIT_PER_SECOND: 'fast',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/TOKEN_ENCRYPTION_KEY is required with DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/POLL_INTERVAL_SECONDS "0"/);
    expect(problems.join('\n')).toMatch(/PARTNER_API_VERSION "2026-13"/);
  });

  it('when OAuth is half configured, then it names the missing variables', () => {
    expect(problemsOf({ SLACK_CLIENT_ID: 'c', SLACK_SIGNING_SECRET: 's' })[0]).toMatch(/SLACK_CLIENT_SECRET, SLACK_STATE_SECRET/);
  });

  it('when the encryption key is not 32 bytes of base64, then it says how to make one', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', TOKEN_ENCRYPTION_KEY: 'short' })[0]).toMatch(/openssl rand -base64 32/);
  });

  it('when only the required variables are set, then the documented defaults apply', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: ' xoxb-1 ', SLACK_SIGNING_SECRET: 's' });
    expect(config).toMatchObject({
      database: { kind: 'embedded', dataDir: './data' },
      slackApiUrl: 'https://slack.com/api/',
      partnerApiUrl: 'https://partners.shopify.com',
      partnerApiVersion: '2026-10',
      partnerRateLimitPerSecond: 4,
      pollIntervalSeconds: 20,
      port: 3000,
      logLevel: 'info',
      tokenEncryptionKey: null,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when DATABASE_URL and a key are set, then the server database is used', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DATABASE_URL: 'postgres://h/db', TOKEN_ENCRYPTION_KEY: KEY });
    expect(config.database).toEqual({ kind: 'server', url: 'postgres://h/db' });
  });
});
