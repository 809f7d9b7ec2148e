import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ALERTS_CHANNEL, createAlertHarness, secondsAgo, usd, type AlertHarness } from './alertHarness.ts';

describe.each(testBackends())('alert delivery on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let h: AlertHarness;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    h = await createAlertHarness(database, fake);
  });
  afterEach(async () => {
    await fake.stop();
    await database.close();
  });

  it('when live events of every kind are queued, then each posts once, in occurredAt order, within the Block Kit limits', async () => {
    const shop = { shopId: '77', shopName: 'Bob <b>&</b> Co', shopDomain: 'bob.myshopify.com' };
    await h.queue([
      { ...shop, type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(100) },
      { ...shop, type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '1', chargeName: 'Basic', ...usd('19.00'), occurredAt: secondsAgo(95) },
      { ...shop, type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '2', chargeName: 'Setup', ...usd('50'), occurredAt: secondsAgo(90) },
      { ...shop, type: 'SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT', chargeId: '1', chargeName: 'Basic', ...usd('100'), occurredAt: secondsAgo(85) },
      { ...shop, type: 'CREDIT_APPLIED', chargeId: '3', ...usd('5'), occurredAt: secondsAgo(80) },
      { ...shop, type: 'SUBSCRIPTION_CHARGE_FROZEN', chargeId: '1', chargeName: 'Basic', ...usd('19.00'), occurredAt: secondsAgo(75) },
      { ...shop, type: 'SUBSCRIPTION_CHARGE_UNFROZEN', chargeId: '1', chargeName: 'Basic', ...usd('19.00'), occurredAt: secondsAgo(70) },
      { ...shop, type: 'RELATIONSHIP_DEACTIVATED', occurredAt: secondsAgo(65) },
      { ...shop, type: 'RELATIONSHIP_REACTIVATED', occurredAt: secondsAgo(60) },
      { ...shop, type: 'USAGE_CHARGE_APPLIED', chargeId: '9', ...usd('1'), occurredAt: secondsAgo(58) },
      { ...shop, type: 'SOMETHING_NEW_FROM_SHOPIFY', occurredAt: secondsAgo(57) },
      { ...shop, type: 'RELATIONSHIP_UNINSTALLED', reason: 'Too expensive, Missing features', description: 'I <3 it but $$$ & more', occurredAt: secondsAgo(50) },
      { ...shop, type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(40) },
    ]);
    const worker = h.worker();
    await h.drain(worker);

    const texts = h.posted().map((c) => String(c.args.text));
    expect(texts.map((t) => t.split(':')[0])).toEqual([
      'New install', 'New subscription', 'One-time charge', 'Usage cap approaching', 'Credit applied', 'Subscription frozen',
      'Subscription unfrozen', 'Store closed', 'Store reopened', 'Shopify event', 'Uninstall', 'Reinstall',
    ]);
    expect(texts[0]).toContain('*Bob &lt;b&gt;&amp;&lt;/b&gt; Co* (bob.myshopify.com) installed Test App');
    expect(texts[1]).toContain('Basic $19.00/month');
    const uninstall = JSON.stringify(h.posted()[10]!.args.blocks);
    expect(uninstall).toContain('Too expensive, Missing features');
    expect(uninstall).toContain('I &lt;3 it but $$$ &amp; more');
    expect(uninstall).toContain('$19.00/month'); // MRR lost
    expect(uninstall).toContain('Had the app for');
    expect(h.posted().every((c) => (c.args.metadata as { event_type: string }).event_type === 'partnerbot_alert')).toBe(true);
    fake.expectNoViolations();
    const statuses = (await h.outbox()).map((r) => `${r.type}:${r.status}`);
    expect(statuses).toContain('USAGE_CHARGE_APPLIED:skipped');
    expect((await h.outbox()).filter((r) => r.status === 'sent').every((r) => r.slack_ts)).toBe(true);

    await h.drain(worker); // nothing is posted twice
    expect(h.posted()).toHaveLength(12);
  });

  it('when events are backfilled or occurred before alerts were switched on, then they never alert', async () => {
    expect(await h.queue([{ type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(10) }], 'backfill')).toBe(0);
    expect(await h.queue([{ type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(7200) }])).toBe(0);
    await h.drain(h.worker());
    expect(h.posted()).toHaveLength(0);
  });

  it('when more than 20 alerts are due for one channel, then they go out as one grouped message', async () => {
    await h.queue(Array.from({ length: 25 }, (_, i) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Flood ${i}`, occurredAt: secondsAgo(60 - i) })));
    await h.drain(h.worker());
    expect(h.posted()).toHaveLength(1);
    expect(String(h.posted()[0]!.args.text)).toMatch(/^25 new events: 25 × New install/);
    expect(String((h.posted()[0]!.args.metadata as { event_payload: { outbox_ids: string } }).event_payload.outbox_ids).split(',')).toHaveLength(25);
    expect((await h.outbox()).every((r) => r.status === 'sent')).toBe(true);
    fake.expectNoViolations();
  });

  it('when Slack answers 429, then delivery waits Retry-After and keeps the order', async () => {
    await h.queue([1, 2, 3].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(10 - n) })));
    fake.rateLimit('chat.postMessage', 1, 1);
    await h.drain(h.worker());
    const calls = fake.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(h.posted().map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1])).toEqual(['1', '2', '3']);
  });

  it('when several alerts go to one channel, then they are paced about one per second', async () => {
    await h.queue([1, 2, 3].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(10 - n) })));
    await h.drain(h.worker({ minGapMs: 1000 }));
    const at = h.posted().map((c) => c.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(950);
  });

  it('when a charge is a test, then it is marked; when the workspace hides test charges, then it is left out', async () => {
    await h.queue([{ type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '5', chargeName: 'Setup', ...usd('10'), test: true, occurredAt: secondsAgo(20) }]);
    await h.drain(h.worker());
    expect(String(h.posted()[0]!.args.text)).toContain('[TEST]');
    expect(JSON.stringify(h.posted()[0]!.args.blocks)).toContain('Test charge');

    await database.db.updateTable('partner_connections').set({ alert_settings: JSON.stringify({ hideTestCharges: true }) }).execute();
    await h.queue([{ type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '6', ...usd('10'), test: true, occurredAt: secondsAgo(10) }]);
    await h.drain(h.worker());
    expect(h.posted()).toHaveLength(1);
    expect((await h.outbox()).at(-1)?.status).toBe('skipped');
  });

  it('when a kind is switched off in the settings, then it is not posted and the others are', async () => {
    await database.db.updateTable('partner_connections').set({ alert_settings: JSON.stringify({ disabledKinds: ['install'] }) }).execute();
    await h.queue([
      { type: 'RELATIONSHIP_INSTALLED', shopId: '5', occurredAt: secondsAgo(20) },
      { type: 'RELATIONSHIP_UNINSTALLED', shopId: '5', occurredAt: secondsAgo(10) },
    ]);
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).split(':')[0])).toEqual(['Uninstall']);
    expect(h.posted()[0]!.args.channel).toBe(ALERTS_CHANNEL);
  });
});
