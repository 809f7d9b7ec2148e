import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { saveConnection } from '../../src/storage/connections.ts';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../helpers/fakeSlack.ts';
import { loadManifest } from '../helpers/manifest.ts';
import { eventCallback, sendEvent, sendSlashCommand } from '../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../helpers/testDatabase.ts';

describe.each(testBackends())('Slack app shell on %s', (backend) => {
  let fake: FakeSlack;
  let database: DatabaseHandle;
  let bot: TestBot;

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openTestDatabase(backend);
    bot = await startTestBot(fake, database);
  });
  afterAll(async () => {
    await bot.stop();
    await database.close();
    await fake.stop();
  });
  afterEach(() => {
    fake.expectNoViolations();
    fake.reset();
  });

  const command = async (text: string) => {
    const url = fake.responseUrl();
    const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, response_url: url });
    expect(res.status).toBe(200);
    await expect.poll(() => fake.responsesTo(url).length).toBe(1);
    return fake.responsesTo(url)[0] as { response_type?: string; text: string; blocks: unknown[] };
  };

  it('when GET /healthz is called, then it answers 200 because the database answers', async () => {
    const res = await fetch(`${bot.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'ok', slack: { ok: true } });
  });

  it('when a user types /partner help, then they alone see every command', async () => {
    const reply = await command('help');
    expect(reply.response_type).toBe('ephemeral');
    for (const sub of ['connect', 'status', 'mrr', 'churn', 'revenue', 'installs', 'digest now', 'disconnect']) {
      expect(JSON.stringify(reply.blocks)).toContain(`/partner ${sub}`);
    }
  });

  it.each([['frobnicate'], ['<script>alert(1)</script>'], ['']])('when a user types /partner %j, then they get help, not an error', async (text) => {
    const reply = await command(text);
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain('/partner connect');
    expect(JSON.stringify(reply)).not.toContain('<script>');
    expect(JSON.stringify(reply)).not.toMatch(/Error|at .*\.ts/);
  });

  it.each([
    ['unsigned', { badSignature: true }],
    ['stale (6 minutes old)', { stale: true }],
  ])('when a %s request arrives, then it is rejected and no handler runs', async (_name, options) => {
    const url = fake.responseUrl();
    const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text: 'help', response_url: url }, options);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.responsesTo(url)).toHaveLength(0);
  });

  it('when the app is uninstalled, then the Partner token is deleted and repeating the event is harmless', async () => {
    await database.db.transaction().execute((trx) =>
      saveConnection(trx, bot.bot.cipher, {
        workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: 'prtapi_abc', connectedByUserId: 'U1', timeZone: 'UTC',
        alertsChannelId: 'C1', digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [],
      }, new Date()),
    );
    for (let i = 0; i < 2; i += 1) {
      const res = await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_uninstalled' }));
      expect(res.status).toBe(200);
    }
    await expect
      .poll(async () => (await database.db.selectFrom('partner_connections').select(['status', 'token_ciphertext']).execute()))
      .toEqual([{ status: 'disconnected', token_ciphertext: null }]);
  });

  it('when only a user token is revoked, then the connection stays; when the bot token is revoked, then it is removed', async () => {
    await database.db.deleteFrom('partner_connections').execute();
    await database.db.transaction().execute((trx) =>
      saveConnection(trx, bot.bot.cipher, {
        workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: 'prtapi_abc', connectedByUserId: 'U1', timeZone: 'UTC',
        alertsChannelId: 'C1', digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [],
      }, new Date()),
    );
    await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'tokens_revoked', tokens: { oauth: ['U1'] } }));
    await new Promise((r) => setTimeout(r, 200));
    expect(await database.db.selectFrom('partner_connections').select('status').execute()).toEqual([{ status: 'active' }]);

    await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] } }));
    await expect
      .poll(async () => database.db.selectFrom('partner_connections').select(['status', 'token_ciphertext']).execute())
      .toEqual([{ status: 'disconnected', token_ciphertext: null }]);
  });

  it('when the code registers commands and events, then manifest.yml declares exactly those', () => {
    const manifest = loadManifest() as {
      features: { slash_commands: { command: string }[] };
      settings: { event_subscriptions: { bot_events: string[] } };
    };
    expect([...bot.bot.slack.surface.commands].sort()).toEqual(manifest.features.slash_commands.map((c) => c.command).sort());
    expect([...bot.bot.slack.surface.events].sort()).toEqual([...manifest.settings.event_subscriptions.bot_events].sort());
  });
});
