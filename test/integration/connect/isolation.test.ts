import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ADMIN_2, ALERTS, ALERTS_2, driver, ORG_A, ORG_B, startConnectEnv, TEAM_1, TEAM_2, textOf, TOKEN_A, TOKEN_B, type ConnectEnv } from './connectHarness.ts';

describe.each(testBackends())('two workspaces on %s', (backend) => {
  let env: ConnectEnv;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    env = await startConnectEnv(backend);
    d = driver(env);
    // ADMIN_2 is an Enterprise Grid owner (enterprise_user.is_owner): that counts as an admin too.
    await d.submit({ org: ORG_A, token: TOKEN_A, apps: '5001', alerts: ALERTS }, { team: TEAM_1, user: ADMIN });
    await d.submit({ org: ORG_B, token: TOKEN_B, apps: '6001', alerts: ALERTS_2 }, { team: TEAM_2, user: ADMIN_2 });
    await d.syncUntilImported(TEAM_1);
    await d.syncUntilImported(TEAM_2);
  });
  afterAll(async () => env.stop());

  it('when each workspace asks for its status or opens its Home, then it sees only its own organization', async () => {
    const s1 = textOf(await d.command('status', { team: TEAM_1, user: ADMIN }));
    const s2 = textOf(await d.command('status', { team: TEAM_2, user: ADMIN_2 }));
    expect(s1).toContain(ORG_A);
    expect(s1).not.toContain(ORG_B);
    expect(s2).toContain(ORG_B);
    expect(s2).not.toContain(ORG_A);
    expect(s2).not.toContain('Upsell Pro');
    env.fake.reset();
    await d.openHome({ team: TEAM_2, user: ADMIN_2 });
    const [home] = await env.fake.waitForCalls('views.publish');
    expect(textOf(home!.args.view)).toContain(ORG_B);
    expect(textOf(home!.args.view)).not.toContain(ORG_A);
  });

  it('when each connection syncs, then it stores only its own organization data', async () => {
    const perConnection = await env.database.db
      .selectFrom('app_events as e')
      .innerJoin('partner_connections as c', 'c.id', 'e.connection_id')
      .select(['c.workspace_id', 'e.app_id'])
      .distinct()
      .orderBy('c.workspace_id')
      .execute();
    expect(perConnection).toEqual([{ workspace_id: TEAM_1, app_id: '5001' }, { workspace_id: TEAM_2, app_id: '6001' }]);
  });

  it('when workspace 1 disconnects, then workspace 2 keeps its token and keeps polling', async () => {
    const row = await d.liveConnection(TEAM_1);
    const url = await d.click('disconnect_confirm', { team: TEAM_1, user: ADMIN, value: String(row!.id), fromMessage: true });
    await expect.poll(() => env.fake.responsesTo(url!).length).toBe(1);
    expect(await d.liveConnection(TEAM_1)).toBeUndefined();
    // A stale button from workspace 1 cannot reach workspace 2's connection either.
    const other = await d.liveConnection(TEAM_2);
    await d.click('disconnect_confirm', { team: TEAM_1, user: ADMIN, value: String(other!.id), fromMessage: true });
    await env.database.db.updateTable('partner_connections').set({ next_poll_at: new Date(0) }).execute();
    const before = env.sim.requests.length;
    await env.bot.bot.syncWorker.tick();
    await env.bot.bot.syncWorker.idle();
    const tokens = new Set(env.sim.requests.slice(before).map((r) => r.token));
    expect([...tokens]).toEqual([TOKEN_B]);
    expect(await d.liveConnection(TEAM_2)).toMatchObject({ status: 'active', token_ciphertext: expect.any(String) });
    env.fake.expectNoViolations();
  });

  it('when workspace 2 disconnects from its Home tab (after Slack\'s confirm dialog), then its Home shows Connect again', async () => {
    env.fake.reset();
    const row = await d.liveConnection(TEAM_2);
    await d.click('disconnect_confirm', { team: TEAM_2, user: ADMIN_2, value: String(row!.id) });
    const [home] = await env.fake.waitForCalls('views.publish');
    expect(textOf(home!.args.view)).toContain('home_connect');
    expect(await d.liveConnection(TEAM_2)).toBeUndefined();
    env.fake.expectNoViolations();
  });
});
