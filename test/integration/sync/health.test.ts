import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { startPartnerSimulator, type PartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness, type SyncHarness } from '../../helpers/syncHarness.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

describe.each(testBackends())('connection health on %s', (backend) => {
  let database: DatabaseHandle;
  let simulator: PartnerSimulator;
  let harness: SyncHarness;

  const start = async (simOptions: Partial<Parameters<typeof startPartnerSimulator>[0]> = {}) => {
    simulator = await startPartnerSimulator({
      orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [{ token: PARTNER_TOKEN }] }],
      ratePerSecond: 0,
      ...simOptions,
    });
    harness = await createSyncHarness({ simulatorUrl: simulator.url, database, client: { maxRetries: 1 } });
  };
  const state = () =>
    database.db.selectFrom('partner_connections').select(['status', 'last_error', 'last_error_code', 'consecutive_failures']).executeTakeFirstOrThrow();
  const pollAgain = async () => {
    await database.db.updateTable('partner_connections').set({ next_poll_at: new Date() }).execute();
    await harness.runOnce();
  };

  beforeEach(async () => {
    database = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await simulator.stop();
    await database.close();
  });

  it('when the token is revoked, then the connection is in error at once with a message saying what to do, and the admin is told once', async () => {
    await start();
    await harness.runOnce();
    // Revoked: the organization no longer has that token.
    await database.db.updateTable('partner_connections').set({ next_poll_at: new Date() }).execute();
    await simulator.stop();
    simulator = await startPartnerSimulator({ orgs: [{ id: ORG_ID, apps: [{ id: APP_GID }], tokens: [] }], ratePerSecond: 0 });
    harness = await createSyncHarness({ simulatorUrl: simulator.url, database, connectionId: harness.connectionId, cipher: harness.cipher, client: { maxRetries: 1 } });
    await harness.runOnce();
    expect(await state()).toMatchObject({ status: 'error', last_error_code: 'partner_unauthorized', consecutive_failures: 1 });
    expect((await state()).last_error).toMatch(/access token/i);
    await pollAgain();
    expect(harness.healthChanges).toEqual([{ connectionId: harness.connectionId, change: 'failed' }]);
  });

  it.each([
    ['View financials', { viewFinancials: false }],
    ['Manage apps', { manageApps: false }],
  ])('when the token lacks %s, then the connection is in error naming that permission', async (permission, permissions) => {
    await start();
    simulator.setTokenPermissions(PARTNER_TOKEN, permissions);
    await harness.runOnce();
    const after = await state();
    expect(after).toMatchObject({ status: 'error', last_error_code: 'partner_missing_permission' });
    expect(after.last_error).toContain(permission);
  });

  it('when the app is not in the organization, then the error names the app id', async () => {
    await start({ orgs: [{ id: ORG_ID, apps: [], tokens: [{ token: PARTNER_TOKEN }] }] });
    await harness.runOnce();
    expect(await state()).toMatchObject({ status: 'error', last_error_code: 'partner_app_not_found' });
    expect((await state()).last_error).toContain('4242');
  });

  it('when the API version is retired, then the error names PARTNER_API_VERSION', async () => {
    await start({ versions: ['2025-07'] });
    await harness.runOnce();
    expect(await state()).toMatchObject({ status: 'error', last_error_code: 'partner_bad_version' });
    expect((await state()).last_error).toContain('PARTNER_API_VERSION');
  });

  it('when the API fails transiently, then the connection stays active for 4 cycles, is in error on the 5th, and recovers on the next success', async () => {
    await start();
    simulator.setFaultPlan({ probability: 1, kinds: ['http500'] });
    for (let i = 1; i <= 4; i += 1) {
      await pollAgain();
      expect(await state()).toMatchObject({ status: 'active', consecutive_failures: i, last_error_code: 'partner_transient' });
    }
    await pollAgain();
    expect(await state()).toMatchObject({ status: 'error', consecutive_failures: 5 });
    simulator.clearFaults();
    simulator.setFaultPlan({ probability: 0 });
    await pollAgain();
    expect(await state()).toMatchObject({ status: 'active', consecutive_failures: 0, last_error: null });
    expect(harness.healthChanges.map((h) => h.change)).toEqual(['failed', 'recovered']);
  });

  it('when the API answers junk or resets the connection, then it is retried like any transient failure', async () => {
    await start();
    simulator.injectFaults([{ kind: 'junk' }, { kind: 'reset' }]);
    await harness.runOnce();
    expect(await state()).toMatchObject({ status: 'active', consecutive_failures: 0 });
  });
});
