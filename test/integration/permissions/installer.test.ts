import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDataSet, startPartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { startFakeSlack } from '../../helpers/fakeSlack.ts';
import { eventCallback, sendEvent } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ALERTS, driver, MEMBER, ORG_A, TEAM_1, textOf, TOKEN_A, type ConnectEnv } from '../connect/connectHarness.ts';

/** A regular member (no admin flag) who installed the app first. */
const INSTALLER = 'U0INSTALL';
const REFUSAL = 'Only workspace admins and owners, or the person who installed partnerbot, can';

describe.each(testBackends())('the installer of an OAuth workspace on %s', (backend) => {
  let env: ConnectEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    const data = generateDataSet({ appId: 'gid://partners/App/5001', seed: 21, targetEvents: 40, targetTransactions: 20, start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' });
    const sim = await startPartnerSimulator({ orgs: [{ id: ORG_A, apps: [{ id: 'gid://partners/App/5001', name: 'Upsell Pro' }], tokens: [{ token: TOKEN_A }] }], ...data, ratePerSecond: 0 });
    const fake = await startFakeSlack({ users: { [ADMIN]: { is_admin: true }, [MEMBER]: {}, [INSTALLER]: {} }, channels: { [ALERTS]: { name: 'partner-alerts' } } });
    const database = await openTestDatabase(backend);
    const bot = await startTestBot(fake, database, {
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      PARTNER_API_URL: sim.url,
      PARTNER_RATE_LIMIT_PER_SECOND: '100',
    });
    env = {
      fake, sim, database, bot,
      async stop() {
        await bot.stop();
        await database.close();
        await fake.stop();
        await sim.stop();
      },
    };
    d = driver(env);
  });
  afterAll(async () => env?.stop());
  afterEach(async () => {
    await env.bot.bot.syncWorker.idle();
    env.fake.expectNoViolations();
  });

  /** Runs Slack's OAuth flow to the end as `userId` (the user Slack says approved the install). */
  const installAs = async (userId: string) => {
    env.fake.setOAuth({ authedUserId: userId });
    const install = await fetch(`${env.bot.baseUrl}/slack/install`, { redirect: 'manual' });
    const state = new URL(install.headers.get('location')!).searchParams.get('state')!;
    const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
    const redirect = await fetch(`${env.bot.baseUrl}/slack/oauth_redirect?code=fake-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expect(redirect.status).toBeLessThan(400);
  };
  const installer = async () =>
    (await env.database.db.selectFrom('slack_installations').select('installer_user_id').where('installation_key', '=', `T:${TEAM_1}`).executeTakeFirst())?.installer_user_id;

  it('when a regular member re-runs the install, then the first installer stays the installer and the member still may not disconnect', async () => {
    await installAs(INSTALLER);
    const { final } = await d.submit({ apps: '5001' }, { user: INSTALLER });
    expect(textOf(final)).toContain('Connected to Partner organization');
    const connected = await d.liveConnection();

    await installAs(MEMBER);
    expect(await installer()).toBe(INSTALLER);

    expect(textOf(await d.command('disconnect', { user: MEMBER }))).toContain(`${REFUSAL} disconnect the Partner organization`);
    const url = await d.click('disconnect_confirm', { user: MEMBER, value: String(connected!.id), fromMessage: true });
    await expect.poll(() => env.fake.responsesTo(url!).length).toBe(1);
    expect(textOf(env.fake.responsesTo(url!)[0])).toContain(`${REFUSAL} disconnect the Partner organization`);
    expect(await d.liveConnection()).toMatchObject({ id: connected!.id, status: expect.not.stringMatching('disconnected'), token_ciphertext: expect.any(String) });

    // The installer keeps their rights through the re-install.
    expect(textOf(await d.command('disconnect', { user: INSTALLER }))).toContain(`Disconnect Shopify Partner organization ${ORG_A}?`);
  });

  it('when the app is uninstalled and someone else installs it again, then the new installer is the installer', async () => {
    await sendEvent(env.bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_uninstalled' }, { team_id: TEAM_1 }));
    await expect.poll(installer).toBeUndefined();
    await installAs(MEMBER);
    expect(await installer()).toBe(MEMBER);
    expect(textOf(await d.command('disconnect', { user: INSTALLER }))).toContain(`${REFUSAL} disconnect the Partner organization`);
  });
});
