import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPartnerToken } from '../../../src/storage/connections.ts';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ALERTS, backfillRequests, driver, MEMBER, ORG_A, PRIVATE, startConnectEnv, textOf, TOKEN_A, type ConnectEnv } from './connectHarness.ts';
import { createInstallationStore } from '../../../src/storage/installationStore.ts';


describe.each(testBackends())('connecting a workspace on %s', (backend) => {
  let env: ConnectEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    env = await startConnectEnv(backend);
    d = driver(env);
  });
  afterAll(async () => env.stop());
  afterEach(async () => {
    await env.bot.bot.syncWorker.idle();
    env.fake.expectNoViolations();
    // The token is never echoed: not in any Slack call, view, message or log line.
    expect(textOf(env.fake.calls)).not.toContain(TOKEN_A);
    expect(textOf(env.fake.responsePosts)).not.toContain(TOKEN_A);
    expect(env.bot.logs.join('\n')).not.toContain(TOKEN_A);
    await env.database.db.deleteFrom('partner_connections').execute();
    env.fake.reset();
  });

  it('when an admin runs /partner connect and submits valid credentials, then the connection is checked, saved encrypted, announced and the backfill runs', async () => {
    expect(await d.command('connect')).toBeNull();
    const [open] = await env.fake.waitForCalls('views.open');
    const modal = open!.args.view as Record<string, any>;
    const labels = modal.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.label.text);
    expect(labels).toEqual(['Organization ID', 'Access token', 'App IDs', 'Alerts channel', 'Digest channel', 'Digest day', 'Digest hour', 'Workspace time zone']);
    const tz = modal.blocks.find((b: any) => b.block_id === 'time_zone');
    expect(tz.element.initial_value).toBe('America/New_York'); // the admin's Slack time zone
    expect(modal.blocks.find((b: any) => b.block_id === 'digest_day').element.initial_option.value).toBe('1');
    expect(modal.blocks.find((b: any) => b.block_id === 'digest_hour').element.initial_option.value).toBe('9');

    const { ack, final } = await d.submit({ org: `https://partners.shopify.com/${ORG_A}/apps`, token: `  ${TOKEN_A}\n`, apps: '5001\nhttps://partners.shopify.com/111111/apps/5002' });
    expect(ack.response_action).toBe('update');
    expect(textOf(ack.view)).toContain('Checking');
    expect(textOf(final)).toContain('Connected to Partner organization 111111');
    expect(textOf(final)).toContain('Upsell Pro');
    expect(textOf(final)).toContain('Reviews &amp; &lt;More&gt;');

    const row = await d.liveConnection();
    expect(row).toMatchObject({ organization_id: ORG_A, connected_by_user_id: ADMIN, time_zone: 'America/New_York', alerts_channel_id: ALERTS, token_hint: '1234' });
    expect(row!.token_ciphertext).not.toContain(TOKEN_A);
    expect(await readPartnerToken(env.database.db, env.bot.bot.cipher, row!.id)).toBe(TOKEN_A);

    expect(env.fake.callsTo('conversations.join').map((c) => c.args.channel)).toEqual([ALERTS]);
    const posted = env.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS);
    expect(posted).toHaveLength(1);
    expect(String(posted[0]!.args.text)).toContain('connected to Shopify Partner organization 111111');

    // The worker was kicked on save: the first sync cycle reaches the API without anyone ticking.
    await expect.poll(() => env.sim.requests.some((r) => r.token === TOKEN_A && r.operationName === 'PartnerbotAppEvents'), { timeout: 10_000 }).toBe(true);
    await d.syncUntilImported();
    expect(backfillRequests(env.sim, TOKEN_A).length).toBeGreaterThan(0);
    const status = await d.command('status');
    expect(status!.response_type).toBe('ephemeral');
    expect(textOf(status)).toContain('Connected');
    expect(textOf(status)).toContain(ORG_A);
  });

  it.each([
    ['a malformed org', { org: 'my org' }, 'org'],
    ['a token with a line break inside', { token: 'prtapi_abc\ndef' }, 'token'],
    ['an app URL of another org', { apps: 'https://partners.shopify.com/999/apps/5001' }, 'apps'],
    ['an unknown time zone', { timeZone: 'Mars/Base' }, 'time_zone'],
  ])('when the form has %s, then the error is shown inline on that field and nothing is asked of the API', async (_name, form, block) => {
    const before = env.sim.requests.length;
    const { ack } = await d.submit(form);
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors)).toEqual([block]);
    expect(env.sim.requests.length).toBe(before);
  });

  it('when a member who is not an admin tries to connect or disconnect, then they get a short explanation and nothing changes', async () => {
    const reply = await d.command('connect', { user: MEMBER });
    expect(textOf(reply)).toContain('Only workspace admins and owners');
    expect(env.fake.callsTo('views.open')).toHaveLength(0);
    const { final } = await d.submit({}, { user: MEMBER });
    expect(textOf(final)).toContain('Only workspace admins and owners');
    expect(await d.liveConnection()).toBeUndefined();
    expect(textOf(await d.command('disconnect', { user: MEMBER }))).toContain('Only workspace admins and owners');
  });

  it('when the member installed the app (OAuth installer record), then they may connect', async () => {
    await createInstallationStore(env.database.db, env.bot.bot.cipher).storeInstallation({
      team: { id: 'T00000001' }, enterprise: undefined, user: { id: MEMBER, token: undefined, scopes: undefined }, bot: { id: 'B1', userId: 'U0BOT0001', token: 'xoxb-installed', scopes: [] },
      isEnterpriseInstall: false,
    } as never);
    try {
      expect(await d.command('connect', { user: MEMBER })).toBeNull();
      await env.fake.waitForCalls('views.open');
    } finally {
      await env.database.db.deleteFrom('slack_installations').execute();
    }
  });

  it('when the alerts channel is private and the bot is not in it, then the admin is told to /invite it and nothing is posted there', async () => {
    const { final } = await d.submit({ alerts: PRIVATE });
    expect(textOf(final)).toContain('/invite @partnerbot');
    expect(env.fake.callsTo('conversations.join')).toHaveLength(0);
    expect(env.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === PRIVATE)).toHaveLength(0);
  });
});
