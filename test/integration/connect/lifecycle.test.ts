import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventCallback, sendEvent } from '../../helpers/slackRequests.ts';
import { TEST_SIGNING_SECRET } from '../../helpers/testBot.ts';
import { testBackends } from '../../helpers/testDatabase.ts';
import { backfillRequests, driver, ORG_A, startConnectEnv, textOf, TOKEN_A, type ConnectEnv } from './connectHarness.ts';

describe.each(testBackends())('changing and ending a connection on %s', (backend) => {
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
    expect(textOf(env.fake.calls)).not.toContain(TOKEN_A);
    expect(env.bot.logs.join('\n')).not.toContain(TOKEN_A);
    env.fake.reset();
  });

  const counts = async () => {
    const events = await env.database.db.selectFrom('app_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const transactions = await env.database.db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { events: Number(events.n), transactions: Number(transactions.n) };
  };

  it('when connected, then the Home tab shows the import, is refreshed while it runs, and ends Connected with a full percentage history', async () => {
    await d.openHome();
    const [first] = await env.fake.waitForCalls('views.publish');
    expect(textOf(first!.args.view)).toContain('home_connect');
    await d.submit({});
    await d.syncUntilImported();
    const publishes = env.fake.callsTo('views.publish');
    expect(publishes.length).toBeGreaterThan(1); // refreshed by the sync worker without another app_home_opened
    const texts = publishes.map((p) => textOf(p.args.view));
    expect(texts.some((t) => /Importing history( \d+%)?/.test(t))).toBe(true);
    const progress = await env.database.db.selectFrom('sync_progress').select(['stream', 'history_start']).where('app_id', '=', '5001').execute();
    expect(progress.every((p) => p.history_start !== null)).toBe(true); // learnt with last: 1
    await d.openHome();
    await expect.poll(() => textOf(env.fake.callsTo('views.publish').at(-1)!.args.view)).toContain('Connected');
    const home = textOf(env.fake.callsTo('views.publish').at(-1)!.args.view);
    for (const action of ['home_edit', 'home_sync_now', 'open_alert_settings', 'disconnect_confirm']) expect(home).toContain(action);
  });

  it('when Sync now is pressed, then the connection is polled at once instead of an hour from now', async () => {
    const row = await d.liveConnection();
    await env.database.db.updateTable('partner_connections').set({ next_poll_at: new Date(Date.now() + 3_600_000) }).where('id', '=', row!.id).execute();
    const before = env.sim.requests.length;
    await d.click('home_sync_now');
    await expect.poll(() => env.sim.requests.length, { timeout: 5000 }).toBeGreaterThan(before);
    await env.bot.bot.syncWorker.idle();
  });

  it('when Sync now is pressed again within 30 seconds, then no sync starts and the Home tab says when it can be used again', async () => {
    await d.click('home_sync_now');
    await expect.poll(() => env.fake.callsTo('views.publish').length, { timeout: 5000 }).toBeGreaterThan(0);
    await env.bot.bot.syncWorker.idle();
    const before = env.sim.requests.length;
    const row = await d.liveConnection();
    await d.click('home_sync_now');
    await expect.poll(() => env.fake.callsTo('views.publish').length, { timeout: 5000 }).toBeGreaterThan(1);
    const notice = textOf(env.fake.callsTo('views.publish').at(-1)!.args.view);
    expect(notice).toMatch(/A sync was started for this workspace less than 30 seconds ago\. \*Sync now\* can be used again in \d+ seconds?\./);
    expect(notice).toContain('home_sync_now'); // the rest of the Home tab is still there
    await env.bot.bot.syncWorker.idle();
    expect(env.sim.requests.length).toBe(before);
    expect((await d.liveConnection())!.next_poll_at).toEqual(row!.next_poll_at);
  });

  it('when settings are edited from the Home tab without a new token, then the history and token stay', async () => {
    const before = await counts();
    const row = await d.liveConnection();
    await d.click('home_edit');
    const [open] = await env.fake.waitForCalls('views.open');
    const modal = open!.args.view as Record<string, any>;
    expect(JSON.parse(modal.private_metadata).mode).toBe('edit');
    expect(modal.blocks.find((b: any) => b.block_id === 'org').element.initial_value).toBe(ORG_A);
    expect(modal.blocks.find((b: any) => b.block_id === 'token').optional).toBe(true);
    const { final } = await d.submit({ token: '', hour: 17, apps: '5001' }, { mode: 'edit' });
    expect(textOf(final)).toContain('Settings saved');
    const after = await d.liveConnection();
    expect(after).toMatchObject({ id: row!.id, digest_hour: 17, token_ciphertext: expect.any(String) });
    expect(await counts()).toEqual(before);
  });

  it('when disconnected with confirmation and reconnected to the same org, then the token is gone meanwhile and nothing finished is downloaded again', async () => {
    const before = await counts();
    const reply = await d.command('disconnect');
    expect(textOf(reply)).toContain('Imported history is kept');
    const row = await d.liveConnection();
    const url = await d.click('disconnect_confirm', { value: String(row!.id), fromMessage: true });
    await expect.poll(() => env.fake.responsesTo(url!).length).toBe(1);
    expect(textOf(env.fake.responsesTo(url!)[0])).toContain('Disconnected');
    const gone = await env.database.db.selectFrom('partner_connections').selectAll().where('id', '=', row!.id).executeTakeFirstOrThrow();
    expect(gone).toMatchObject({ status: 'disconnected', token_ciphertext: null });

    const requests = env.sim.requests.length;
    await env.bot.bot.syncWorker.tick();
    await env.bot.bot.syncWorker.idle();
    expect(env.sim.requests.length).toBe(requests); // polling stopped

    const backfillBefore = backfillRequests(env.sim, TOKEN_A).length;
    const { final } = await d.submit({ apps: '5001' });
    expect(textOf(final)).toContain('Connected to Partner organization 111111');
    expect((await d.liveConnection())!.id).toBe(row!.id);
    await d.syncUntilImported();
    await env.bot.bot.syncWorker.tick();
    await env.bot.bot.syncWorker.idle();
    expect(backfillRequests(env.sim, TOKEN_A).length).toBe(backfillBefore);
    expect(await counts()).toEqual(before);
  });

  it('when the app is uninstalled, then the token is deleted and nothing is posted or published there afterwards', async () => {
    // Let background work of the reconnect (history-start lookups, then a Home refresh) finish first:
    // a refresh already in flight when the event arrives is not what this test is about.
    let seen = -1;
    while (seen !== env.fake.calls.length) {
      seen = env.fake.calls.length;
      await new Promise((r) => setTimeout(r, 300));
    }
    await sendEvent(env.bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_uninstalled' }));
    await expect.poll(async () => (await d.liveConnection()) ?? null).toBeNull();
    const calls = env.fake.calls.length;
    await env.database.db.updateTable('partner_connections').set({ next_poll_at: new Date(0) }).execute();
    await env.bot.bot.syncWorker.tick();
    await env.bot.bot.syncWorker.idle();
    await new Promise((r) => setTimeout(r, 200));
    expect(env.fake.calls.slice(calls).map((c) => c.method)).toEqual([]);
    const rows = await env.database.db.selectFrom('partner_connections').select(['token_ciphertext', 'status']).execute();
    expect(rows.every((r) => r.token_ciphertext === null && r.status === 'disconnected')).toBe(true);
  });
});
