import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../helpers/testDatabase.ts';
import { driver, ORG_A, ORG_B, startConnectEnv, textOf, TOKEN_A, TOKEN_B, TOKEN_NO_FINANCIALS, TOKEN_NO_MANAGE, type ConnectEnv } from './connectHarness.ts';

describe.each(testBackends())('credential checks on %s', (backend) => {
  let env: ConnectEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    env = await startConnectEnv(backend);
    d = driver(env);
  });
  afterAll(async () => env.stop());
  afterEach(() => {
    env.fake.expectNoViolations();
    env.fake.reset();
  });

  it.each([
    ['an invalid token', { token: 'prtapi_bogus_0000' }, 'token', /invalid or revoked/],
    ['a token of another organization', { token: TOKEN_B }, 'token', /belongs to another organization than 111111/],
    ['an app of another organization', { apps: '5001\n6001' }, 'apps', /App 6001 is not in organization 111111/],
    ['a token without "Manage apps"', { token: TOKEN_NO_MANAGE }, 'token', /lacks the "Manage apps" permission/],
    ['a token without "View financials"', { token: TOKEN_NO_FINANCIALS }, 'token', /lacks the "View financials" permission/],
  ])('when the form has %s, then the form comes back with the problem under that field and every value but the token', async (_name, form, field, message) => {
    const typed = { org: ORG_A, apps: '5001', digest: 'C0ALERTS2', day: 4, hour: 18, timeZone: 'Asia/Kolkata', ...form };
    const { ack, final } = await d.submit(typed);
    expect(ack.response_action).toBe('update');
    const blocks = final!.blocks as Array<Record<string, any>>;
    const ids = blocks.map((b) => b.block_id);
    const errorBlock = blocks[ids.indexOf(field) + 1]!;
    expect(errorBlock.block_id).toBe(`${field}_error`);
    expect(errorBlock.elements[0].text).toMatch(message);
    expect(blocks.filter((b) => String(b.block_id).endsWith('_error'))).toHaveLength(1);
    const byId = (id: string) => blocks.find((b) => b.block_id === id)!;
    expect(byId('org').element.initial_value).toBe(ORG_A);
    expect(byId('apps').element.initial_value).toBe(typed.apps);
    expect(byId('alerts_channel').element.initial_conversation).toBe('C0ALERTS1');
    expect(byId('digest_channel').element.initial_conversation).toBe('C0ALERTS2');
    expect(byId('digest_day').element.initial_option.value).toBe('4');
    expect(byId('digest_hour').element.initial_option.value).toBe('18');
    expect(byId('time_zone').element.initial_value).toBe('Asia/Kolkata');
    expect(byId('token').element.initial_value).toBeUndefined();
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_NO_MANAGE, TOKEN_NO_FINANCIALS, 'prtapi_bogus_0000']) {
      expect(textOf(env.fake.calls)).not.toContain(secret);
      expect(env.bot.logs.join('\n')).not.toContain(secret);
    }
    expect(await d.liveConnection()).toBeUndefined();
  });

  it('when the token is right but the org field names the other organization, then the token field says so', async () => {
    const { final } = await d.submit({ org: ORG_B, token: TOKEN_A, apps: '6001' });
    expect(textOf(final)).toMatch(/belongs to another organization than 222222/);
  });

  it('when the Partner API keeps failing, then a short general message is shown and nothing is saved', async () => {
    env.sim.injectFaults(Array.from({ length: 10 }, () => 'http500' as const));
    try {
      const { final } = await d.submit({});
      expect(textOf(final)).toContain('did not answer in time');
      expect(textOf(final)).not.toMatch(/at .*\.ts|stack/i);
    } finally {
      env.sim.clearFaults();
    }
    expect(await d.liveConnection()).toBeUndefined();
  });
});
