import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KIND_GROUPS } from '../../../src/slack/alerts/settingsModal.ts';
import { blockActionsPayload, sendInteraction, viewSubmissionPayload } from '../../helpers/slackRequests.ts';
import { TEST_SIGNING_SECRET } from '../../helpers/testBot.ts';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ADMIN_2, ALERTS, ALERTS_2, driver, MEMBER, ORG_B, startConnectEnv, textOf, TOKEN_A, TOKEN_B, type ConnectEnv } from '../connect/connectHarness.ts';

/** Connected the workspace while an admin, then lost the admin flag: connecting grants no lasting rights. */
const DEMOTED = 'U0DEMOTED';
const REFUSAL = 'Only workspace admins and owners, or the person who installed partnerbot, can';

type Json = Record<string, any>;

describe.each(testBackends())('admin actions asked for by members who are not admins, on %s', (backend) => {
  let env: ConnectEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    env = await startConnectEnv(backend);
    d = driver(env);
  });
  afterAll(async () => env?.stop());
  afterEach(async () => {
    await env.bot.bot.syncWorker.idle();
    env.fake.expectNoViolations();
    // Nothing that could help an attacker leaks into what members see: no token, no stack trace.
    expect(textOf(env.fake.calls)).not.toContain(TOKEN_A);
    expect(textOf(env.fake.responsePosts)).not.toMatch(/at .*\.ts:\d+/);
  });

  /** What an admin action could change; compared before and after a refused attempt. */
  const connectionState = async () =>
    env.database.db
      .selectFrom('partner_connections')
      .select(['id', 'status', 'organization_id', 'token_ciphertext', 'connected_by_user_id', 'time_zone', 'alerts_channel_id', 'digest_channel_id', 'digest_weekday', 'digest_hour', 'alert_settings', 'next_poll_at'])
      .orderBy('id')
      .execute();
  const partnerRequests = () => env.sim.requests.length;
  const viewsOpened = () => env.fake.callsTo('views.open').map((c) => c.args.view as Json);
  const postsIn = (channel: string) => env.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel).length;

  it('when a member submits the connect form before anyone connected, then they are refused, the token is not even checked and nothing is saved', async () => {
    const before = partnerRequests();
    const { final } = await d.submit({ token: TOKEN_B, org: ORG_B, apps: '6001' }, { user: MEMBER });
    expect(textOf(final)).toContain(`${REFUSAL} connect a Partner organization`);
    expect(partnerRequests()).toBe(before);
    expect(await connectionState()).toEqual([]);
  });

  describe('once the workspace is connected', () => {
    beforeAll(async () => {
      env.fake.setUser(DEMOTED, { is_admin: true, tz: 'Europe/Madrid' });
      const { final } = await d.submit({}, { user: DEMOTED });
      expect(textOf(final)).toContain('Connected to Partner organization');
      await d.syncUntilImported();
      env.fake.setUser(DEMOTED, { tz: 'Europe/Madrid' });
      // The import's background lookups (when the history begins) end before anything is measured.
      let settled = -1;
      while (settled !== partnerRequests()) {
        settled = partnerRequests();
        await new Promise((r) => setTimeout(r, 300));
      }
    });

    it('when a member runs /partner connect or presses Edit settings, then they are told who may, and no settings form opens', async () => {
      const before = viewsOpened().length;
      expect(textOf(await d.command('connect', { user: MEMBER }))).toContain(`${REFUSAL} change the connection settings`);
      await d.click('home_edit', { user: MEMBER });
      await env.fake.waitForCalls('views.open', before + 1);
      const opened = viewsOpened().slice(before);
      expect(opened).toHaveLength(1);
      expect(textOf(opened[0])).toContain(`${REFUSAL} change the connection settings`);
      expect(opened[0]!.callback_id ?? '').not.toBe('partner_connect');
      expect(opened[0]!.blocks.some((b: Json) => b.type === 'input')).toBe(false);
      expect(textOf(opened[0])).not.toContain('1234'); // not even the token's last characters
    });

    it('when a member submits a crafted edit of the organization, channels and digest schedule, then it is refused and nothing changes', async () => {
      const state = await connectionState();
      const before = partnerRequests();
      const { final } = await d.submit({ org: ORG_B, token: TOKEN_B, apps: '6001', alerts: ALERTS_2, digest: ALERTS_2, day: 5, hour: 18 }, { user: MEMBER, mode: 'edit' });
      expect(textOf(final)).toContain(`${REFUSAL} change the connection settings`);
      expect(partnerRequests()).toBe(before);
      expect(await connectionState()).toEqual(state);
      expect(postsIn(ALERTS_2)).toBe(0);
    });

    it('when the member who connected lost their admin rights and edits the settings, then it is refused', async () => {
      const state = await connectionState();
      const { final } = await d.submit({ token: '', hour: 20 }, { user: DEMOTED, mode: 'edit' });
      expect(textOf(final)).toContain(`${REFUSAL} change the connection settings`);
      expect(await connectionState()).toEqual(state);
    });

    it('when a member asks to disconnect by command, by the confirmation button or from the Home tab, then each is refused and the connection stays', async () => {
      const state = await connectionState();
      expect(textOf(await d.command('disconnect', { user: MEMBER }))).toContain(`${REFUSAL} disconnect the Partner organization`);

      const url = await d.click('disconnect_confirm', { user: MEMBER, value: String(state[0]!.id), fromMessage: true });
      await expect.poll(() => env.fake.responsesTo(url!).length).toBe(1);
      expect(textOf(env.fake.responsesTo(url!)[0])).toContain(`${REFUSAL} disconnect the Partner organization`);

      const opened = viewsOpened().length;
      await d.click('disconnect_confirm', { user: DEMOTED, value: String(state[0]!.id) });
      await env.fake.waitForCalls('views.open', opened + 1);
      expect(textOf(viewsOpened().at(-1))).toContain(`${REFUSAL} disconnect the Partner organization`);
      expect(await connectionState()).toEqual(state);
    });

    const alertSubmission = (user: string, connectionId: number) =>
      viewSubmissionPayload(
        {
          callback_id: 'alert_settings',
          private_metadata: JSON.stringify({ connectionId }),
          values: {
            ...Object.fromEntries(KIND_GROUPS.map((g) => [g.blockId, { kinds: { type: 'checkboxes', selected_options: [] } }])),
            alert_test_charges: { test_charges: { type: 'radio_buttons', selected_option: { value: 'hide' } } },
          },
        },
        { user_id: user },
      );

    it('when the member who connected (no longer an admin) opens alert settings, then they see the refusal, not the settings', async () => {
      const before = viewsOpened().length;
      await sendInteraction(env.bot.baseUrl, TEST_SIGNING_SECRET, blockActionsPayload({ action_id: 'open_alert_settings' }, { user_id: DEMOTED }));
      await env.fake.waitForCalls('views.open', before + 1);
      const view = viewsOpened().at(-1)!;
      expect(view.callback_id ?? '').not.toBe('alert_settings');
      expect(textOf(view)).toContain(`${REFUSAL} change alert settings`);
    });

    it.each([
      ['a member', MEMBER],
      ['the member who connected (no longer an admin)', DEMOTED],
    ])('when %s sends a crafted alert settings submission, then it is refused inline and the settings stay', async (_who, user) => {
      const state = await connectionState();
      const res = await sendInteraction(env.bot.baseUrl, TEST_SIGNING_SECRET, alertSubmission(user, state[0]!.id));
      expect(res.body).toMatchObject({ response_action: 'errors' });
      expect(textOf(res.body)).toContain(`${REFUSAL} change alert settings`);
      expect(await connectionState()).toEqual(state);
    });

    it('when a member types /partner digest now, then no digest is posted, and an Enterprise Grid owner may still post one at once', async () => {
      const posts = postsIn(ALERTS);
      const reply = await d.command('digest now', { user: MEMBER });
      expect(reply!.response_type).toBe('ephemeral');
      expect(textOf(reply)).toContain(`${REFUSAL} post the digest on demand`);
      expect(postsIn(ALERTS)).toBe(posts);
      expect(env.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);

      // The refusal did not start the on-demand cooldown.
      expect(textOf(await d.command('digest now', { user: ADMIN_2 }))).toContain('Posted the digest');
      expect(postsIn(ALERTS)).toBeGreaterThan(posts);
    });

    it('when a member presses Sync now, then no sync starts and the Home tab says who may, and an admin may sync at once', async () => {
      const state = await connectionState();
      const before = partnerRequests();
      const publishes = env.fake.callsTo('views.publish').length;
      await d.click('home_sync_now', { user: MEMBER });
      await env.fake.waitForCalls('views.publish', publishes + 1);
      const home = env.fake.callsTo('views.publish').at(-1)!;
      expect(home.args.user_id).toBe(MEMBER);
      expect(textOf(home.args.view)).toContain(`${REFUSAL} start a sync`);
      await env.bot.bot.syncWorker.idle();
      expect(partnerRequests()).toBe(before);
      expect(await connectionState()).toEqual(state);

      // The refusal did not start the Sync now cooldown either.
      await d.click('home_sync_now', { user: ADMIN });
      await expect.poll(partnerRequests, { timeout: 5000 }).toBeGreaterThan(before);
    });

    it('when a member reads the status or the digest schedule, then they are answered as before', async () => {
      expect(textOf(await d.command('status', { user: MEMBER }))).toContain('Connected');
      expect(textOf(await d.command('digest', { user: MEMBER }))).toContain('*Weekly digest*: on');
    });
  });
});
