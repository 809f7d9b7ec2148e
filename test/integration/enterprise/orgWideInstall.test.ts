import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../../src/sync/ingest.ts';
import { testBackends } from '../../helpers/testDatabase.ts';
import {
  ADMIN, DIGEST, driver, ENTERPRISE, INSTALLER, MEMBER, ORG_WIDE_TOKEN, startEnterpriseEnv, TEAM_A, TEAM_B, TEAM_C, TEAM_C_TOKEN, WORKSPACES,
  type EnterpriseEnv,
} from './enterpriseHarness.ts';

/**
 * The app installed once for a whole Enterprise Grid organization (org_deploy_enabled): Slack grants
 * one bot token, stored under the enterprise, and every workspace of the organization uses it.
 * The tests run in order, like a day in the life of one organization.
 */
describe.each(testBackends())('an org-wide Enterprise Grid installation on %s', (backend) => {
  let env: EnterpriseEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    env = await startEnterpriseEnv(backend);
    d = driver(env);
  });
  afterAll(async () => env.stop());

  const { a, b, c } = WORKSPACES;

  it('when the installer connects a workspace of the organization, then a live event\'s alert is posted there with the org-wide bot token', async () => {
    await d.install();
    expect(await d.installations()).toEqual([{ installation_key: `E:${ENTERPRISE}`, team_id: null, enterprise_id: ENTERPRISE, installer_user_id: INSTALLER }]);

    // A member who neither administers nor installed gets no connect form; the org-wide installer does.
    await d.command('connect', TEAM_A, MEMBER);
    expect(env.fake.callsTo('views.open').filter((call) => (call.args.view as { callback_id?: string }).callback_id === 'partner_connect')).toHaveLength(0);
    await d.command('connect', TEAM_A, INSTALLER);
    expect(env.fake.callsTo('views.open').filter((call) => (call.args.view as { callback_id?: string }).callback_id === 'partner_connect')).toHaveLength(1);
    expect(JSON.stringify(await d.connect(a, INSTALLER))).toContain(`Connected to Partner organization ${a.org}`);
    await d.syncUntilImported(TEAM_A);

    const shop = d.newInstall(a);
    await d.cycle();
    await expect.poll(() => d.alertsAbout(shop).filter((call) => call.response.ok === true), { timeout: 10_000 }).toHaveLength(1);
    expect(d.alertsAbout(shop)[0]!.token).toBe(ORG_WIDE_TOKEN);
  });

  it('when a workspace\'s organization was never recorded (a connection made by an older version), then its next request from Slack records it and alerts reach it again', async () => {
    await env.database.db.deleteFrom('slack_workspace_enterprises').where('team_id', '=', TEAM_A).execute();
    await d.openHome(TEAM_A, MEMBER);
    await expect
      .poll(() => env.database.db.selectFrom('slack_workspace_enterprises').select('enterprise_id').where('team_id', '=', TEAM_A).executeTakeFirst())
      .toEqual({ enterprise_id: ENTERPRISE });
    const shop = d.newInstall(a);
    await d.cycle();
    await expect.poll(() => d.alertsAbout(shop).filter((call) => call.response.ok === true), { timeout: 10_000 }).toHaveLength(1);
    expect(d.alertsAbout(shop)[0]!.token).toBe(ORG_WIDE_TOKEN);
  });

  it('when someone looks at the Home tab, then the sync keeps it current with the org-wide bot token', async () => {
    await d.openHome(TEAM_A, ADMIN);
    await expect.poll(() => env.fake.callsTo('views.publish').filter((call) => call.args.user_id === ADMIN).length).toBe(1);
    d.newInstall(a);
    await d.cycle();
    await expect.poll(() => env.fake.callsTo('views.publish').filter((call) => call.args.user_id === ADMIN).length, { timeout: 10_000 }).toBe(2);
    expect(env.fake.callsTo('views.publish').at(-1)!.token).toBe(ORG_WIDE_TOKEN);
  });

  it('when the weekly digest is due, then it is posted in the workspace\'s digest channel with the org-wide bot token', async () => {
    // Due since Monday 00:00 UTC this week, for a workspace connected before that.
    await env.database.db
      .updateTable('partner_connections')
      .set({ digest_weekday: 1, digest_hour: 0, time_zone: 'UTC', created_at: new Date(Date.now() - 8 * 86_400_000) })
      .where('workspace_id', '=', TEAM_A)
      .execute();
    await env.bot.bot.digestWorker.tick();
    await env.bot.bot.digestWorker.idle();
    const posts = env.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === DIGEST && call.response.ok === true);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.token).toBe(ORG_WIDE_TOKEN);
    expect(env.bot.bot.digestWorker.counts.sent).toBe(1);
  });

  it('when the connection breaks and recovers, then the admin who connected gets both DMs through the org-wide bot token', async () => {
    const dms = () => env.fake.callsTo('chat.postMessage').filter((call) => String(call.args.channel).startsWith('D'));
    env.sim.setTokenPermissions(a.token, { manageApps: false });
    await d.cycle();
    expect((await d.connection(TEAM_A)).status).toBe('error');
    await expect.poll(() => dms().length).toBe(1);
    expect(env.fake.callsTo('conversations.open').map((call) => [call.args.users, call.token])).toEqual([[INSTALLER, ORG_WIDE_TOKEN]]);

    env.sim.setTokenPermissions(a.token, { manageApps: true });
    await d.cycle();
    expect((await d.connection(TEAM_A)).status).toBe('active');
    await expect.poll(() => dms().length).toBe(2);
    expect(dms().map((call) => call.token)).toEqual([ORG_WIDE_TOKEN, ORG_WIDE_TOKEN]);
  });

  it('when a workspace of the organization has an installation of its own, then it uses its own token and the others keep the org-wide one', async () => {
    await d.connect(b);
    await d.syncUntilImported(TEAM_B);
    env.fake.setOAuth({ isEnterpriseInstall: false, teamId: TEAM_C, teamName: 'Team C', enterpriseId: ENTERPRISE, botToken: TEAM_C_TOKEN, botId: 'B0TEAMC01', authedUserId: ADMIN });
    await d.install();
    expect((await d.installations()).map((row) => row.installation_key)).toEqual([`E:${ENTERPRISE}`, `T:${TEAM_C}`]);
    await d.connect(c, ADMIN, false);
    await d.syncUntilImported(TEAM_C);

    const shops = { a: d.newInstall(a), b: d.newInstall(b), c: d.newInstall(c) };
    await d.cycle();
    for (const shop of Object.values(shops)) await expect.poll(() => d.alertsAbout(shop).length, { timeout: 10_000 }).toBe(1);
    expect(d.alertsAbout(shops.a)[0]!.token).toBe(ORG_WIDE_TOKEN);
    expect(d.alertsAbout(shops.b)[0]!.token).toBe(ORG_WIDE_TOKEN);
    expect(d.alertsAbout(shops.c)[0]!.token).toBe(TEAM_C_TOKEN);
  });

  it('when a workspace uninstalls its own installation, then only its connection ends and the org-wide installation still serves the others', async () => {
    await d.teamEvent({ type: 'app_uninstalled' }, TEAM_C);
    await expect.poll(async () => (await d.connection(TEAM_C)).status).toBe('disconnected');
    expect((await d.installations()).map((row) => row.installation_key)).toEqual([`E:${ENTERPRISE}`]);
    expect(await d.connection(TEAM_A)).toMatchObject({ status: 'active', token_ciphertext: expect.any(String) });
    expect(await d.connection(TEAM_B)).toMatchObject({ status: 'active', token_ciphertext: expect.any(String) });

    const shop = d.newInstall(a);
    await d.cycle();
    await expect.poll(() => d.alertsAbout(shop).length, { timeout: 10_000 }).toBe(1);
    expect(d.alertsAbout(shop)[0]!.token).toBe(ORG_WIDE_TOKEN);

    // Installed and connected again, for the org-wide uninstall below.
    await d.install();
    await d.connect(c, ADMIN, false);
  });

  it('when an org admin removes the app from one workspace (team_access_revoked), then only the connection the org-wide install served there ends', async () => {
    await d.orgWideEvent({ type: 'team_access_revoked', team_ids: [TEAM_A, TEAM_C] });
    await expect.poll(async () => (await d.connection(TEAM_A)).status).toBe('disconnected');
    expect(await d.connection(TEAM_A)).toMatchObject({ token_ciphertext: null });
    expect(await d.connection(TEAM_B)).toMatchObject({ status: 'active', token_ciphertext: expect.any(String) });
    // TEAM_C has an installation of its own: losing the org-wide app changes nothing for it.
    expect(await d.connection(TEAM_C)).toMatchObject({ status: 'active', token_ciphertext: expect.any(String) });
    expect((await d.installations()).map((row) => row.installation_key).sort()).toEqual([`E:${ENTERPRISE}`, `T:${TEAM_C}`]);
  });

  it('when the org-wide installation is removed (tokens_revoked, then app_uninstalled), then its bot token and every connection it served are gone, and nothing more is sent', async () => {
    const queued = await queueAlert(TEAM_B);
    await d.orgWideEvent({ type: 'tokens_revoked', tokens: { bot: ['U0BOT0001'] } });
    await expect.poll(async () => (await d.installations()).map((row) => row.installation_key)).toEqual([`T:${TEAM_C}`]);
    for (const team of [TEAM_A, TEAM_B]) expect(await d.connection(team)).toMatchObject({ status: 'disconnected', token_ciphertext: null, token_key_version: null });
    expect(await d.connection(TEAM_C)).toMatchObject({ status: 'active', token_ciphertext: expect.any(String) });
    expect(await outboxStatus(queued)).toBe('skipped');

    // Slack sends both events, in either order, and may repeat them: the second changes nothing.
    await d.orgWideEvent({ type: 'app_uninstalled' });
    await d.orgWideEvent({ type: 'app_uninstalled' });
    expect((await d.installations()).map((row) => row.installation_key)).toEqual([`T:${TEAM_C}`]);
    expect(await d.connection(TEAM_C)).toMatchObject({ status: 'active' });

    const before = env.fake.calls.filter((call) => call.token === ORG_WIDE_TOKEN).length;
    const requests = env.sim.requests.filter((r) => r.token === a.token || r.token === b.token).length;
    d.newInstall(a);
    await d.cycle();
    await env.bot.bot.alertWorker.tick();
    await env.bot.bot.alertWorker.idle();
    await env.bot.bot.digestWorker.tick();
    await env.bot.bot.digestWorker.idle();
    expect(env.fake.calls.filter((call) => call.token === ORG_WIDE_TOKEN).length).toBe(before);
    expect(env.sim.requests.filter((r) => r.token === a.token || r.token === b.token).length).toBe(requests);
    expect(env.bot.logs.join('\n')).not.toContain(ORG_WIDE_TOKEN);
  });

  /** An alert waiting in the outbox of the workspace's connection, not yet delivered. */
  async function queueAlert(team: string): Promise<number> {
    const connection = await d.connection(team);
    const app = Object.values(WORKSPACES).find((w) => w.team === team)!.app;
    await env.database.db.transaction().execute((trx) =>
      ingestEvents(trx, [{ event: {
        appId: app, shopId: '99999999', shopDomain: 'queued.myshopify.com', shopName: 'Queued', type: 'RELATIONSHIP_INSTALLED', occurredAt: new Date().toISOString(),
        chargeId: null, chargeName: null, amount: null, currency: null, test: false, billingOn: null, reason: null, description: null,
      }, raw: { test: true } }], { connectionId: connection.id, source: 'poll', alerts: { from: connection.alerts_from! } }),
    );
    const row = await env.database.db.selectFrom('alert_outbox').select('id').where('connection_id', '=', connection.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    return row.id;
  }

  const outboxStatus = async (id: number) => (await env.database.db.selectFrom('alert_outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
});
