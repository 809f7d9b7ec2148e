import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, driver, startConnectEnv, textOf, TOKEN_A, type ConnectEnv } from './connectHarness.ts';

describe.each(testBackends())('admin DMs about connection health on %s', (backend) => {
  let env: ConnectEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    env = await startConnectEnv(backend);
    d = driver(env);
    await d.submit({ apps: '5001' });
    await d.syncUntilImported();
  });
  afterAll(async () => env.stop());

  const cycle = async () => {
    await env.database.db.updateTable('partner_connections').set({ next_poll_at: new Date(0) }).execute();
    await env.bot.bot.syncWorker.tick();
    await env.bot.bot.syncWorker.idle();
  };
  const dms = () => env.fake.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));

  it('when the token loses a permission, then the admin gets one DM for the incident and one when it recovers', async () => {
    env.sim.setTokenPermissions(TOKEN_A, { manageApps: false });
    await cycle();
    expect((await d.liveConnection())!.status).toBe('error');
    await expect.poll(() => dms().length).toBe(1);
    expect(env.fake.callsTo('conversations.open').map((c) => c.args.users)).toEqual([ADMIN]);
    expect(textOf(dms()[0]!.args)).toContain('stopped syncing Shopify Partner organization 111111');
    expect(textOf(dms()[0]!.args)).toContain('What to do');

    await cycle();
    await cycle();
    expect(dms()).toHaveLength(1); // still the same incident

    const status = textOf(await d.command('status'));
    expect(status).toContain('Error');

    env.sim.setTokenPermissions(TOKEN_A, { manageApps: true });
    await cycle();
    expect((await d.liveConnection())!.status).toBe('active');
    await expect.poll(() => dms().length).toBe(2);
    expect(textOf(dms()[1]!.args)).toContain('syncing Shopify Partner organization 111111 again');
    await cycle();
    expect(dms()).toHaveLength(2);
    env.fake.expectNoViolations();
    expect(textOf(env.fake.calls)).not.toContain(TOKEN_A);
    expect(env.bot.logs.join('\n')).not.toContain(TOKEN_A);
  });
});
