import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ALERTS, MEMBER, PRIVATE, PUBLIC, startRoutingEnv, type RoutingEnv } from './routingHarness.ts';

describe.each(testBackends())('/partner alerts on %s', (backend) => {
  let env: RoutingEnv;
  beforeEach(async () => {
    env = await startRoutingEnv(backend);
  });
  afterEach(async () => {
    await env?.stop();
  });

  it('when a member lists the rules, then they see them numbered, as the contract writes them', async () => {
    expect(await env.alerts('', MEMBER)).toContain(`\n1. all → <#${ALERTS}>`);
  });

  it('when an admin adds a rule to a public channel, then partnerbot joins it, stores the rule and answers with the new list', async () => {
    const reply = await env.alerts(`add billing for upsell to <#${PUBLIC}|revenue> paying min 50 EUR mention <!subteam^S0SALES|@sales>`);
    expect(reply).toContain('Added rule 2.');
    expect(reply).toContain(`1. all → <#${ALERTS}>\n2. billing for Upsell &lt;Pro&gt; &amp; ∗More∗ → <#${PUBLIC}> paying min 50.00 EUR mention <!subteam^S0SALES>`);
    expect(env.fake.callsTo('conversations.join').map((c) => c.args.channel)).toEqual([PUBLIC]);
    expect((await env.routes())[1]).toEqual({ position: 2, scope: 'billing', kinds: [], app_id: '5001', channel_id: PUBLIC, paying: true, min_amount: '50', min_currency: 'EUR', mention: '<!subteam^S0SALES>' });
    expect(await env.alerts('')).toContain('2. billing for Upsell');
  });

  it('when a channel is typed as #name, then it is found by name', async () => {
    env.fake.script('conversations.list', { channels: [{ id: ALERTS, name: 'partner-alerts' }, { id: PUBLIC, name: 'revenue' }], response_metadata: { next_cursor: '' } });
    const reply = await env.alerts('add install,uninstall for 4242 to #revenue mention @here');
    expect(reply).toContain(`2. install,uninstall for Test App → <#${PUBLIC}> mention @here`);
    expect((await env.routes())[1]!.mention).toBe('<!here>');
  });

  it('when the #name matches no channel, then the reply says so and nothing changes', async () => {
    env.fake.script('conversations.list', { channels: [], response_metadata: { next_cursor: '' } });
    expect(await env.alerts('add all to #nowhere')).toMatch(/I could not find a channel called #nowhere\. If it is private, \/invite @partnerbot to #nowhere first/);
    expect(await env.routes()).toHaveLength(1);
  });

  it('when the channel is private and partnerbot is not in it, then the rule is refused with how to invite it', async () => {
    const reply = await env.alerts(`add all to <#${PRIVATE}|secret>`);
    expect(reply).toContain(`/invite @partnerbot to <#${PRIVATE}> first`);
    expect(await env.routes()).toHaveLength(1);
    expect(env.fake.callsTo('conversations.join')).toHaveLength(0);
  });

  it.each([
    ['add instal to #revenue', /Unknown alert kind `instal`\. .*install, uninstall, store_closed, store_reopened, subscription_new/],
    ['add all for Nope to #revenue', /No tracked app is called "Nope"\. Tracked apps: Test App \(4242\)/],
    ['add all #revenue', /Say where the alerts go with `to #channel`/],
    ['add billing to #revenue min fifty', /After `min`, give an amount such as `min 50` or `min 50 EUR`, not `fifty`/],
    ['remove 5', /There is no rule 5\. There is 1 rule: give 1\./],
  ])('when an admin types %j, then a specific message says what is wrong and nothing changes', async (text, message) => {
    env.fake.script('conversations.list', { channels: [{ id: PUBLIC, name: 'revenue' }], response_metadata: { next_cursor: '' } });
    expect(await env.alerts(text)).toMatch(message);
    expect(await env.routes()).toEqual([expect.objectContaining({ position: 1, channel_id: ALERTS })]);
  });

  it('when a member tries to add, remove or test, then each is refused and nothing changes or is posted', async () => {
    for (const text of [`add all to <#${PUBLIC}|revenue>`, 'remove 1', `test <#${PUBLIC}|revenue>`]) {
      expect(await env.alerts(text, MEMBER)).toMatch(/^Only workspace admins and owners, or the person who installed partnerbot, can change alert routing rules/);
    }
    expect(await env.routes()).toHaveLength(1);
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(env.fake.callsTo('conversations.join')).toHaveLength(0);
  });

  it('when an admin removes a rule, then the ones after it move up and the new list is the answer', async () => {
    await env.alerts(`add installs to <#${PUBLIC}|revenue>`);
    const reply = await env.alerts('remove 1');
    expect(reply).toContain('Removed rule 1.');
    expect(reply).toContain(`1. installs → <#${PUBLIC}>`);
    expect(reply).not.toContain('2.');
    expect(await env.routes()).toEqual([expect.objectContaining({ position: 1, scope: 'installs', channel_id: PUBLIC })]);
  });

  it('when an admin tests a channel, then a sample alert marked as a test is posted there and nothing is queued', async () => {
    const reply = await env.alerts(`test <#${PUBLIC}|revenue>`);
    expect(reply).toBe(`Posted a test alert in <#${PUBLIC}>.`);
    const [post] = env.fake.callsTo('chat.postMessage');
    expect(post!.args.channel).toBe(PUBLIC);
    expect(String(post!.args.text)).toMatch(/^Test alert: /);
    expect(JSON.stringify(post!.args.blocks)).toContain('Test alert: New install');
    expect(JSON.stringify(post!.args.blocks)).toContain('This is a test alert');
    expect(await env.database.db.selectFrom('alert_outbox').select('id').execute()).toEqual([]);
    env.fake.expectNoViolations();
  });

  it('when an admin asks for the kinds, then every kind name is listed', async () => {
    const reply = await env.alerts('kinds', ADMIN);
    for (const kind of ['install', 'store_reopened', 'plan_change', 'credit_applied', 'other']) expect(reply).toContain(`\`${kind}\``);
  });
});
