import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockActionsPayload, eventCallback, sendEvent, sendInteraction, viewSubmissionPayload } from '../../helpers/slackRequests.ts';
import { TEST_SIGNING_SECRET } from '../../helpers/testBot.ts';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ALERTS, MEMBER, PRIVATE, PUBLIC, startRoutingEnv, type RoutingEnv } from './routingHarness.ts';

type Json = Record<string, any>;

describe.each(testBackends())('App Home "Alert routing" on %s', (backend) => {
  let env: RoutingEnv;
  beforeEach(async () => {
    env = await startRoutingEnv(backend);
  });
  afterEach(async () => {
    await env?.stop();
  });

  const click = async (action_id: string, user = ADMIN, value?: string) => {
    const res = await sendInteraction(env.bot.baseUrl, TEST_SIGNING_SECRET, blockActionsPayload({ action_id, ...(value ? { value } : {}) }, { user_id: user, view: { id: 'VHOME', type: 'home' } }));
    expect(res.status).toBe(200);
  };
  const opened = async (count: number) => (await env.fake.waitForCalls('views.open', count))[count - 1]!.args.view as Json;
  const lastHome = () => env.fake.callsTo('views.publish').at(-1)!.args.view as Json;
  const submit = async (meta: string, values: Json, user = ADMIN) => {
    const res = await sendInteraction(env.bot.baseUrl, TEST_SIGNING_SECRET, viewSubmissionPayload({ callback_id: 'alert_routing_rule', private_metadata: meta, values }, { user_id: user }));
    expect(res.status).toBe(200);
    return (typeof res.body === 'object' ? res.body : {}) as Json;
  };
  const form = (parts: { what?: string; kinds?: string[]; app?: string; channel: string; paying?: boolean; min?: string; special?: string; user?: string | null }) => ({
    route_what: { value: { type: 'static_select', selected_option: { value: parts.what ?? 'all' } } },
    route_kinds: { value: { type: 'multi_static_select', selected_options: (parts.kinds ?? []).map((value) => ({ value })) } },
    route_app: { value: { type: 'static_select', selected_option: { value: parts.app ?? 'all' } } },
    route_channel: { value: { type: 'conversations_select', selected_conversation: parts.channel } },
    route_paying: { value: { type: 'checkboxes', selected_options: parts.paying ? [{ value: 'paying' }] : [] } },
    route_min: { value: { type: 'plain_text_input', value: parts.min ?? null } },
    route_mention_special: { value: { type: 'static_select', selected_option: { value: parts.special ?? 'none' } } },
    route_mention_user: { value: { type: 'users_select', selected_user: parts.user ?? null } },
    route_mention_group: { value: { type: 'plain_text_input', value: null } },
  });

  it('when an admin adds, edits and removes a rule from the Home tab, then the rules and the Home follow each step', async () => {
    await sendEvent(env.bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_home_opened', user: ADMIN, tab: 'home', channel: 'D0HOME' }));
    await env.fake.waitForCalls('views.publish');
    expect(JSON.stringify(lastHome())).toContain(`1. all → <#${ALERTS}>`);
    expect(JSON.stringify(lastHome())).toContain('*Alert routing*');

    await click('routing_add');
    const add = await opened(1);
    expect(add.callback_id).toBe('alert_routing_rule');
    expect(JSON.stringify(add)).toContain('Upsell <Pro> & *More* (5001)');
    expect(await submit(add.private_metadata, form({ what: 'kinds', kinds: ['uninstall', 'install'], app: '5001', channel: PUBLIC, paying: true, min: '20 usd', special: '<!channel>' }))).toEqual({});
    expect((await env.routes())[1]).toEqual({ position: 2, scope: 'kinds', kinds: ['install', 'uninstall'], app_id: '5001', channel_id: PUBLIC, paying: true, min_amount: '20', min_currency: 'USD', mention: '<!channel>' });
    expect(env.fake.callsTo('conversations.join').map((c) => c.args.channel)).toEqual([PUBLIC]);
    await expect.poll(() => JSON.stringify(lastHome()), { timeout: 5000 }).toContain(`2. install,uninstall for Upsell &lt;Pro&gt; &amp; ∗More∗ → <#${PUBLIC}> paying min $20.00 mention @channel`);

    const rows = await env.database.db.selectFrom('alert_routes').select(['id', 'position']).orderBy('position').execute();
    await click('routing_edit', ADMIN, `2:${rows[1]!.id}`);
    const edit = await opened(2);
    expect(edit.title.text).toBe('Edit rule 2');
    expect(JSON.stringify(edit)).toContain(`"initial_conversation":"${PUBLIC}"`);
    expect(await submit(edit.private_metadata, form({ what: 'installs', channel: PUBLIC, user: 'U0SALES1' }))).toEqual({});
    expect((await env.routes())[1]).toEqual({ position: 2, scope: 'installs', kinds: [], app_id: null, channel_id: PUBLIC, paying: false, min_amount: null, min_currency: null, mention: '<@U0SALES1>' });
    // The Home follows each step before the next click, as it would for a person (a slow publish
    // landing after the next one would show the older notice).
    await expect.poll(() => JSON.stringify(lastHome()), { timeout: 5000 }).toContain('Saved rule 2.');

    await click('routing_remove', ADMIN, `1:${rows[0]!.id}`);
    await expect.poll(async () => (await env.routes()).length, { timeout: 5000 }).toBe(1);
    expect((await env.routes())[0]).toEqual(expect.objectContaining({ position: 1, scope: 'installs' }));
    await expect.poll(() => JSON.stringify(lastHome()), { timeout: 5000 }).toContain('Removed rule 1.');
    expect(JSON.stringify(lastHome())).toContain(`1. installs → <#${PUBLIC}> mention <@U0SALES1>`);
    env.fake.expectNoViolations();
  });

  it('when the chosen channel is private and partnerbot is not in it, then the modal says to invite it and nothing is saved', async () => {
    await click('routing_add');
    const add = await opened(1);
    const ack = await submit(add.private_metadata, form({ channel: PRIVATE }));
    expect(ack.response_action).toBe('errors');
    expect(ack.errors.route_channel).toContain('/invite @partnerbot to that channel first');
    expect(await env.routes()).toHaveLength(1);
  });

  it('when a member clicks Add, Edit or Remove, or submits a crafted rule, then each is refused and nothing changes', async () => {
    const [rule] = await env.database.db.selectFrom('alert_routes').select('id').execute();
    await click('routing_add', MEMBER);
    expect((await opened(1)).title.text).toBe('Not allowed');
    await click('routing_edit', MEMBER, `1:${rule!.id}`);
    expect((await opened(2)).title.text).toBe('Not allowed');
    await click('routing_remove', MEMBER, `1:${rule!.id}`);
    await expect.poll(() => JSON.stringify(lastHome() ?? {})).toContain('Only workspace admins');
    const ack = await submit(JSON.stringify({ connectionId: env.connectionId, position: null, routeId: null }), form({ channel: PUBLIC }), MEMBER);
    expect(ack.errors.route_what).toMatch(/^Only workspace admins/);
    expect(await env.routes()).toEqual([expect.objectContaining({ position: 1, channel_id: ALERTS })]);
  });
});
