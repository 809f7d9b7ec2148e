import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { eventCallback, sendEvent } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ALERTS_CHANNEL, createAlertHarness, secondsAgo, type AlertHarness } from './alertHarness.ts';

/**
 * An operator rotating SLACK_BOT_TOKEN (single-workspace mode): Slack refuses the old token for a
 * while. The setup survives, the alerts wait, /healthz says why, and the alerts follow once a
 * working token is in place.
 */
describe.each(testBackends())('a bot token Slack refuses, through the running app, on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let bot: TestBot;
  let h: AlertHarness;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    bot = await startTestBot(fake, database);
    h = await createAlertHarness(database, fake);
    await h.queue([1, 2].map((n) => ({ type: 'RELATIONSHIP_UNINSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(10 - n) })));
  });
  afterEach(async () => {
    await bot.stop();
    await fake.stop();
    await database.close();
  });

  const deliver = async () => {
    await bot.bot.alertWorker.tick();
    await bot.bot.alertWorker.idle();
  };
  const health = async () => {
    const res = await fetch(`${bot.baseUrl}/healthz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; slack: { ok: boolean; tokenRefused?: { teamId: string; error: string }[] } } };
  };

  it('when Slack answers invalid_auth, then nothing is forgotten, /healthz reports it, and the held alerts post once the token works', async () => {
    fake.revokeToken(FAKE_BOT_TOKEN, 'invalid_auth');
    await deliver();

    const connection = await database.db.selectFrom('partner_connections').select(['status', 'token_ciphertext']).executeTakeFirstOrThrow();
    expect(connection.status).toBe('active');
    expect(connection.token_ciphertext).not.toBeNull();
    expect((await h.outbox()).map((r) => r.status)).toEqual(['pending', 'pending']);
    const refused = await health();
    expect(refused.status).toBe(503);
    expect(refused.body.slack).toEqual({ ok: false, tokenRefused: [expect.objectContaining({ teamId: FAKE_TEAM_ID, error: 'invalid_auth' })] });
    expect(bot.logs.join('\n')).not.toContain(FAKE_BOT_TOKEN);

    // The token works again; until alerts flow, the Home tab says what happened.
    fake.restoreToken(FAKE_BOT_TOKEN);
    const home = async () => {
      const before = fake.callsTo('views.publish').length;
      await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_home_opened', user: 'U0ADMIN01', tab: 'home', channel: 'D0HOME' }));
      await expect.poll(() => fake.callsTo('views.publish').length).toBe(before + 1);
      return JSON.stringify(fake.callsTo('views.publish').at(-1)!.args.view);
    };
    expect(await home()).toContain("Slack refuses partnerbot's bot token");
    // The channel's back-off (30 s at first) has run out.
    await database.db.updateTable('alert_channels').set({ next_attempt_at: new Date() }).execute();
    await deliver();
    expect(fake.history(ALERTS_CHANNEL).map((m) => String(m.text).match(/Shop number (\d)/)?.[1])).toEqual(['1', '2']);
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: 'ok', slack: { ok: true } } });
    expect(await home()).not.toContain("Slack refuses partnerbot's bot token");
  });
});
