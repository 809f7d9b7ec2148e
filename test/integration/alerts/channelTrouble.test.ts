import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN_ID, ALERTS_CHANNEL, createAlertHarness, secondsAgo, type AlertHarness } from './alertHarness.ts';

const shopsOf = (fake: FakeSlack, channel = ALERTS_CHANNEL) =>
  fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.response.ok === true).map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1]);

describe.each(testBackends())('alert channel trouble on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let h: AlertHarness;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    h = await createAlertHarness(database, fake);
    await h.queue([1, 2].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(10 - n) })));
  });
  afterEach(async () => {
    await fake.stop();
    await database.close();
  });

  const dmsToAdmin = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ADMIN_ID);

  it('when the bot is not in a public channel, then it joins and posts', async () => {
    fake.setChannel(ALERTS_CHANNEL, { is_private: false, is_member: false });
    fake.script('chat.postMessage', [{ ok: false, error: 'not_in_channel' }]);
    await h.drain(h.worker());
    expect(fake.callsTo('conversations.join')).toHaveLength(1);
    expect(shopsOf(fake)).toEqual(['1', '2']);
    expect(dmsToAdmin()).toHaveLength(0);
  });

  it('when the bot is not in a private channel, then alerts pause, the admin is asked to /invite, and they follow in order once it is invited', async () => {
    fake.setChannel(ALERTS_CHANNEL, { is_private: true, is_member: false });
    fake.script('chat.postMessage', ({ args }) => (args.channel === ALERTS_CHANNEL ? { ok: false, error: 'not_in_channel' } : { ok: true, ts: '1.000001', channel: 'D1' }));
    const worker = h.worker({ probeEveryMs: 0 });
    await h.drain(worker);
    expect(fake.callsTo('conversations.join')).toHaveLength(0);
    expect(dmsToAdmin()).toHaveLength(1);
    expect(String(dmsToAdmin()[0]!.args.text)).toContain('/invite @partnerbot');
    expect((await h.outbox()).map((r) => r.status)).toEqual(['paused', 'paused']);
    await h.queue([{ type: 'RELATIONSHIP_INSTALLED', shopName: 'Shop number 3', occurredAt: secondsAgo(1) }]);
    await h.drain(worker);
    expect(dmsToAdmin()).toHaveLength(1); // told once

    // The admin invites the bot: Slack sends member_joined_channel (here: the periodic probe is due).
    fake.script('chat.postMessage', []);
    fake.reset();
    fake.setChannel(ALERTS_CHANNEL, { is_private: true, is_member: true });
    h.advance(6 * 60_000);
    await h.drain(worker);
    expect(shopsOf(fake)).toEqual(['1', '2', '3']);
    expect((await h.outbox()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('when the channel is gone, then alerts pause, the admin is told, and choosing another channel delivers them there in order', async () => {
    fake.setChannel(ALERTS_CHANNEL, { exists: false });
    const worker = h.worker();
    await h.drain(worker);
    expect(String(dmsToAdmin()[0]!.args.text)).toContain('cannot find');
    expect((await h.outbox()).map((r) => r.status)).toEqual(['paused', 'paused']);

    await h.chooseAlertsChannel('C0NEWCHAN');
    await h.drain(worker);
    expect(shopsOf(fake, 'C0NEWCHAN')).toEqual(['1', '2']);
  });

  it('when the channel is archived, then alerts pause and follow in order once it is unarchived', async () => {
    fake.setChannel(ALERTS_CHANNEL, { is_archived: true, is_member: true });
    const worker = h.worker();
    await h.drain(worker);
    expect(String(dmsToAdmin()[0]!.args.text)).toContain('archived');
    fake.setChannel(ALERTS_CHANNEL, { is_archived: false, is_member: true });
    await h.drain(worker); // the retry is not due yet
    expect(shopsOf(fake)).toEqual([]);
    h.advance(6 * 60_000);
    await h.drain(worker);
    expect(shopsOf(fake)).toEqual(['1', '2']);
  });

  it('when a channel stays paused for more than 7 days, then its held alerts expire', async () => {
    fake.setChannel(ALERTS_CHANNEL, { exists: false });
    const worker = h.worker();
    await h.drain(worker);
    h.advance(8 * 24 * 3600_000);
    await h.drain(worker);
    expect((await h.outbox()).map((r) => r.status)).toEqual(['expired', 'expired']);
  });
});
