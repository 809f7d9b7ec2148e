import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../helpers/fakeSlack.ts';
import { eventCallback, sendEvent, sendSlashCommand } from '../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../helpers/testDatabase.ts';

describe.each(testBackends())('OAuth install on %s', (backend) => {
  let fake: FakeSlack;
  let database: DatabaseHandle;
  let bot: TestBot;

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openTestDatabase(backend);
    bot = await startTestBot(fake, database, {
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await database.close();
    await fake.stop();
  });

  const installations = () => database.db.selectFrom('slack_installations').select(['installation_key', 'team_id', 'installer_user_id']).execute();

  it('when a workspace installs, is used and uninstalls, then its installation is stored, serves requests, and is gone', async () => {
    const install = await fetch(`${bot.baseUrl}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const authorizeUrl = new URL(install.headers.get('location')!);
    expect(authorizeUrl.searchParams.get('scope')).toContain('commands');
    const state = authorizeUrl.searchParams.get('state')!;
    const cookie = install.headers.get('set-cookie')!.split(';')[0]!;

    const redirect = await fetch(`${bot.baseUrl}/slack/oauth_redirect?code=fake-code&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(redirect.status).toBeLessThan(400);
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(1);
    expect(await installations()).toEqual([expect.objectContaining({ installation_key: `T:${FAKE_TEAM_ID}`, team_id: FAKE_TEAM_ID })]);

    // The stored installation authorizes requests from that workspace.
    const url = fake.responseUrl();
    await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text: 'help', response_url: url });
    await expect.poll(() => fake.responsesTo(url).length).toBe(1);

    const res = await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_uninstalled' }));
    expect(res.status).toBe(200);
    await expect.poll(installations).toEqual([]);
  });

  it('when the redirect comes back with a forged state, then nothing is installed', async () => {
    const res = await fetch(`${bot.baseUrl}/slack/oauth_redirect?code=x&state=forged`, { redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await installations()).toEqual([]);
  });
});
