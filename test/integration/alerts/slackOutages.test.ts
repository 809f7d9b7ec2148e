import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { listTokenFailures } from '../../../src/storage/slackTokenFailures.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ALERTS_CHANNEL, createAlertHarness, secondsAgo, type AlertHarness } from './alertHarness.ts';

/** The shops of the alerts in the channel, as a person scrolling it sees them. */
const channelShops = (fake: FakeSlack) => fake.history(ALERTS_CHANNEL).map((m) => String(m.text).match(/Shop number (\d+)/)?.[1]);

const MINUTE = 60_000;

describe.each(testBackends())('alerts through Slack outages on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let h: AlertHarness;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    h = await createAlertHarness(database, fake);
    await h.queue([1, 2, 3].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(10 - n) })));
  });
  afterEach(async () => {
    await fake.stop();
    await database.close();
  });

  it.each([
    ['internal_error', { ok: false, error: 'internal_error' }],
    ['fatal_error', { ok: false, error: 'fatal_error' }],
    ['service_unavailable', { ok: false, error: 'service_unavailable' }],
    ['request_timeout', { ok: false, error: 'request_timeout' }],
  ])('when Slack answers %s far more than five times, then no alert is given up and all post once, in order, when it recovers', async (_name, answer) => {
    fake.script('chat.postMessage', answer);
    const worker = h.worker();
    for (let attempt = 0; attempt < 12; attempt += 1) {
      await h.drain(worker);
      h.advance(MINUTE + 15_000);
    }
    expect(fake.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(12);
    expect((await h.outbox()).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);

    fake.reset();
    await h.drain(worker);
    expect(channelShops(fake)).toEqual(['1', '2', '3']);
    expect((await h.outbox()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('when Slack is down (HTTP 503) for a while, then the channel backs off instead of hammering it, and delivers once it is back', async () => {
    fake.setFaults({ outage: true });
    const worker = h.worker();
    await h.drain(worker);
    const callsDuringOutage = fake.calls.length;
    await h.drain(worker); // no time passed: the channel is backing off
    expect(fake.calls.length).toBe(callsDuringOutage);
    fake.setFaults(null);
    h.advance(MINUTE + 15_000);
    await h.drain(worker);
    expect(channelShops(fake)).toEqual(['1', '2', '3']);
  });

  it('when Slack posted an alert but answered internal_error, then the retry finds it in the channel and does not post it twice', async () => {
    fake.setFaults({ internalError: 1, postedBeforeFailure: 1 });
    const worker = h.worker();
    await h.drain(worker);
    expect(channelShops(fake)).toEqual(['1']);
    fake.setFaults(null);
    h.advance(MINUTE + 15_000);
    await h.drain(worker);
    expect(channelShops(fake)).toEqual(['1', '2', '3']);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });

  it('when the channel history cannot be read while Slack is failing, then an unconfirmed alert waits instead of being posted again', async () => {
    fake.setFaults({ internalError: 1, postedBeforeFailure: 1 });
    const worker = h.worker();
    await h.drain(worker);
    fake.setFaults(null);
    fake.script('conversations.history', { ok: false, error: 'internal_error' });
    h.advance(MINUTE + 15_000);
    await h.drain(worker);
    expect(channelShops(fake)).toEqual(['1']); // nothing resent, nothing out of order

    fake.unscript('conversations.history');
    h.advance(MINUTE + 15_000);
    await h.drain(worker);
    expect(channelShops(fake)).toEqual(['1', '2', '3']);
    expect((await h.outbox()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('when Slack keeps failing for 7 days, then the alerts expire with the reason instead of being skipped', async () => {
    fake.script('chat.postMessage', { ok: false, error: 'internal_error' });
    const worker = h.worker();
    await h.drain(worker);
    h.advance(8 * 24 * 3600_000);
    await h.drain(worker);
    const outbox = await h.outbox();
    expect(outbox.map((r) => r.status)).toEqual(['expired', 'expired', 'expired']);
    expect(outbox[0]!.last_error).toContain('not delivered within 7 days: internal_error');
  });

  it.each(['invalid_auth', 'token_revoked', 'account_inactive'])(
    'when Slack answers %s, then the connection, its Partner token and its alerts are kept, the failure is recorded, and alerts follow once the token works',
    async (error) => {
      fake.revokeToken(FAKE_BOT_TOKEN, error);
      const worker = h.worker();
      await h.drain(worker);
      const connection = await database.db.selectFrom('partner_connections').select(['status', 'token_ciphertext']).executeTakeFirstOrThrow();
      expect(connection.status).toBe('active');
      expect(connection.token_ciphertext).not.toBeNull();
      expect((await h.outbox()).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
      expect(await listTokenFailures(database.db)).toEqual([expect.objectContaining({ workspaceId: FAKE_TEAM_ID, error })]);

      fake.restoreToken(FAKE_BOT_TOKEN);
      h.advance(6 * MINUTE);
      await h.drain(worker);
      expect(channelShops(fake)).toEqual(['1', '2', '3']);
      expect(await listTokenFailures(database.db)).toEqual([]);
    },
  );
});
