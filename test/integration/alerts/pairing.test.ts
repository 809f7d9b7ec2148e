import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { createAlertHarness, secondsAgo, usd, type AlertHarness } from './alertHarness.ts';

describe.each(testBackends())('plan-change pairing on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let h: AlertHarness;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    h = await createAlertHarness(database, fake);
    // Earlier history: the shop pays for Basic (already alerted long ago).
    await h.queue([{ shopId: '9', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '100', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(1800) }], 'backfill');
  });
  afterEach(async () => {
    await fake.stop();
    await database.close();
  });

  const texts = () => h.posted().map((c) => String(c.args.text));

  it('when the cancellation arrives first and the activation 30 s later, then one plan-change alert is posted and the other row is skipped', async () => {
    const worker = h.worker();
    await h.queue([{ shopId: '9', type: 'SUBSCRIPTION_CHARGE_CANCELED', chargeId: '100', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(40) }]);
    await h.drain(worker);
    expect(texts()).toEqual([]); // held for its partner
    await h.queue([{ shopId: '9', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '101', chargeName: 'Pro', ...usd('49'), occurredAt: secondsAgo(10) }]);
    await h.drain(worker);
    h.advance(120_000);
    await h.drain(worker);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain('Plan change: upgrade');
    expect(texts()[0]).toContain('Basic $19.00/month → Pro $49.00/month');
    const rows = await h.outbox();
    expect(rows.map((r) => `${r.type}:${r.status}`)).toEqual(['SUBSCRIPTION_CHARGE_CANCELED:sent', 'SUBSCRIPTION_CHARGE_ACTIVATED:skipped']);
    expect(rows[1]!.last_error).toMatch(/paired into plan change alert/);
    fake.expectNoViolations();
  });

  it('when the activation arrives first and replaces a live plan, then it waits and pairs with the cancellation into a downgrade', async () => {
    const worker = h.worker();
    await h.queue([{ shopId: '9', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '102', chargeName: 'Lite', ...usd('9'), occurredAt: secondsAgo(20) }]);
    await h.drain(worker);
    expect(texts()).toEqual([]);
    await h.queue([{ shopId: '9', type: 'SUBSCRIPTION_CHARGE_CANCELED', chargeId: '100', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(19) }]);
    await h.drain(worker);
    h.advance(120_000);
    await h.drain(worker);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain('Plan change: downgrade');
    expect(texts()[0]).toContain('Basic $19.00/month → Lite $9.00/month');
  });

  it('when the two events are more than 60 s apart, then they are a cancellation and a new subscription', async () => {
    const worker = h.worker();
    await h.queue([
      { shopId: '9', type: 'SUBSCRIPTION_CHARGE_CANCELED', chargeId: '100', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(100) },
      { shopId: '9', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '101', chargeName: 'Pro', ...usd('49'), occurredAt: secondsAgo(39) },
    ]);
    await h.drain(worker);
    h.advance(120_000);
    await h.drain(worker);
    expect(texts().map((t) => t.split(':')[0]).sort()).toEqual(['New subscription', 'Subscription canceled']);
  });

  it('when an activation has no plan to replace, then it posts at once as a new subscription', async () => {
    await h.queue([{ shopId: '10', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '200', chargeName: 'Pro', ...usd('49'), occurredAt: secondsAgo(1) }]);
    await h.drain(h.worker());
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain('New subscription');
  });
});
