import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterRoutesChanged } from '../../../src/alerts/routing/afterRoutesChanged.ts';
import type { NewAlertRoute } from '../../../src/domain/alertRoute.ts';
import { addRoute, listRoutes, removeRoute, replaceRoute } from '../../../src/storage/alertRoutes.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ALERTS_CHANNEL, createAlertHarness, secondsAgo, usd, type AlertHarness } from './alertHarness.ts';

const BILLING = 'C0BILLING';
const SECOND = 'C0SECOND1';

const rule = (channelId: string, r: Partial<NewAlertRoute> = {}): NewAlertRoute => ({ scope: 'all', kinds: [], appId: null, channelId, paying: false, min: null, mention: null, ...r });

describe.each(testBackends())('alert routing on %s', (backend) => {
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

  const texts = (channel: string) => h.postedIn(channel).map((c) => String(c.args.text));
  const setRule = (position: number, r: NewAlertRoute) => replaceRoute(database.db, h.connectionId, position, r);
  const add = (r: NewAlertRoute) => addRoute(database.db, h.connectionId, r);

  it('when a new connection is saved, then it has one rule: everything to the chosen alerts channel', async () => {
    expect(await listRoutes(database.db, h.connectionId)).toMatchObject([{ position: 1, scope: 'all', appId: null, channelId: ALERTS_CHANNEL, paying: false, min: null, mention: null }]);
  });

  it('when installs and billing go to two channels, then each gets its own alert once, with its mention', async () => {
    await setRule(1, rule(ALERTS_CHANNEL, { scope: 'installs' }));
    await add(rule(BILLING, { scope: 'billing', mention: '<!subteam^S0FINANCE>' }));
    await h.queue([
      { shopName: 'Installer', type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(5) },
      { shopName: 'Payer', type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '77', chargeName: 'Setup', ...usd('30'), occurredAt: secondsAgo(4) },
    ]);
    await h.drain(h.worker());
    expect(texts(ALERTS_CHANNEL)).toHaveLength(1);
    expect(texts(ALERTS_CHANNEL)[0]).toContain('Installer');
    expect(texts(ALERTS_CHANNEL)[0]).not.toContain('<!subteam');
    expect(texts(BILLING)).toHaveLength(1);
    expect(texts(BILLING)[0]).toMatch(/^<!subteam\^S0FINANCE> .*Payer/);
    expect((h.postedIn(BILLING)[0]!.args.blocks as unknown[])[0]).toMatchObject({ type: 'section', text: { text: '<!subteam^S0FINANCE>' } });
    expect((await h.routedRows()).map((r) => `${r.channel_id}:${r.status}`)).toEqual([`${ALERTS_CHANNEL}:sent`, `${BILLING}:sent`]);
    fake.expectNoViolations();
  });

  it('when an event matches two rules of one channel, then it is one post carrying both mentions', async () => {
    await setRule(1, rule(ALERTS_CHANNEL, { mention: '<!here>' }));
    await add(rule(ALERTS_CHANNEL, { scope: 'installs', mention: '<@U0ONCALL>' }));
    await add(rule(ALERTS_CHANNEL, { scope: 'kinds', kinds: ['install'], mention: '<!here>' }));
    await h.queue([{ shopName: 'Twice', type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(5) }]);
    await h.drain(h.worker());
    expect(texts(ALERTS_CHANNEL)).toHaveLength(1);
    expect(texts(ALERTS_CHANNEL)[0]).toMatch(/^<!here> <@U0ONCALL> /);
  });

  it('when two workers deliver alerts routed to two channels, then each channel gets each alert exactly once, in order', async () => {
    await add(rule(SECOND, { scope: 'installs' }));
    await h.queue([1, 2, 3, 4, 5].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(20 - n) })));
    await h.drain(h.worker(), h.worker());
    const shops = (channel: string) => texts(channel).map((t) => t.match(/Shop number (\d)/)?.[1]);
    expect(shops(ALERTS_CHANNEL)).toEqual(['1', '2', '3', '4', '5']);
    expect(shops(SECOND)).toEqual(['1', '2', '3', '4', '5']);
    expect((await h.routedRows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('when a rule is removed while its alerts are queued, then those are skipped saying why and the others are delivered', async () => {
    await add(rule(SECOND, { mention: '<!channel>' }));
    await h.queue([1, 2].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(10 - n) })));
    await database.db.transaction().execute((trx) => removeRoute(trx, h.connectionId, 2));
    await h.drain(h.worker());
    expect(texts(ALERTS_CHANNEL)).toHaveLength(2);
    expect(texts(SECOND)).toEqual([]);
    const second = (await h.routedRows()).filter((r) => r.channel_id === SECOND);
    expect(second.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(second[0]!.last_error).toMatch(/no routing rule sends this alert to this channel/);
  });

  it('when a rule gains a mention while its alert is queued, then the post carries the mention the rules have now', async () => {
    await h.queue([{ shopName: 'Late', type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(5) }]);
    await setRule(1, rule(ALERTS_CHANNEL, { mention: '<@U0NEWBIE>' }));
    await h.drain(h.worker());
    expect(texts(ALERTS_CHANNEL)[0]).toMatch(/^<@U0NEWBIE> /);
  });

  it('when no rule matches an event, then nothing is posted and its row says so', async () => {
    await setRule(1, rule(ALERTS_CHANNEL, { scope: 'billing' }));
    expect(await h.queue([{ shopName: 'Nobody', type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(5) }])).toBe(0);
    await h.drain(h.worker());
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
    expect(await h.routedRows()).toMatchObject([{ status: 'skipped', last_error: 'no routing rule matches' }]);
  });

  it('when a rule asks for paying shops, then an uninstall of a shop that paid goes there and one of a free shop does not', async () => {
    await add(rule(BILLING, { scope: 'kinds', kinds: ['uninstall'], paying: true, mention: '<!here>' }));
    await h.queue([{ shopId: '51', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '500', chargeName: 'Pro', ...usd('49'), occurredAt: secondsAgo(3600) }], 'backfill');
    await h.queue([
      { shopId: '51', shopName: 'Paying shop', type: 'RELATIONSHIP_UNINSTALLED', occurredAt: secondsAgo(5) },
      { shopId: '52', shopName: 'Free shop', type: 'RELATIONSHIP_UNINSTALLED', occurredAt: secondsAgo(4) },
    ]);
    await h.drain(h.worker());
    expect(texts(BILLING)).toHaveLength(1);
    expect(texts(BILLING)[0]).toMatch(/^<!here> .*Paying shop/);
    expect(texts(ALERTS_CHANNEL)).toHaveLength(2);
  });

  it('when a rule has a minimum, then only billing alerts at least that much go there', async () => {
    await add(rule(BILLING, { min: { amount: '100', currency: 'USD' } }));
    await h.queue([
      { shopName: 'Small', type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '61', chargeName: 'Small', ...usd('99.99'), occurredAt: secondsAgo(6) },
      { shopName: 'Big', type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '62', chargeName: 'Big', ...usd('100'), occurredAt: secondsAgo(5) },
      { shopName: 'Euro', type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '63', chargeName: 'Euro', amount: usd('500').amount, currency: 'EUR', occurredAt: secondsAgo(4) },
    ]);
    await h.drain(h.worker());
    expect(texts(BILLING)).toHaveLength(1);
    expect(texts(BILLING)[0]).toContain('Big');
    expect(texts(ALERTS_CHANNEL)).toHaveLength(3);
  });

  it('when a plan changes and billing goes to a second channel too, then each channel gets one plan-change alert', async () => {
    await add(rule(BILLING, { scope: 'kinds', kinds: ['plan_change'] }));
    await h.queue([{ shopId: '9', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '100', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(1800) }], 'backfill');
    await h.queue([
      { shopId: '9', type: 'SUBSCRIPTION_CHARGE_CANCELED', chargeId: '100', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(40) },
      { shopId: '9', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '101', chargeName: 'Pro', ...usd('49'), occurredAt: secondsAgo(10) },
    ]);
    const worker = h.worker();
    await h.drain(worker);
    h.advance(120_000);
    await h.drain(worker);
    for (const channel of [ALERTS_CHANNEL, BILLING]) {
      expect(texts(channel)).toHaveLength(1);
      expect(texts(channel)[0]).toContain('Basic $19.00/month → Pro $49.00/month');
    }
  });

  it('when a paused channel loses its last rule, then its held alerts are given up saying why; choosing another alerts channel moves them instead', async () => {
    await add(rule(SECOND));
    fake.setChannel(SECOND, { exists: false });
    fake.setChannel(ALERTS_CHANNEL, { exists: false });
    await h.queue([{ shopName: 'Held', type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(5) }]);
    const worker = h.worker();
    await h.drain(worker);
    expect((await h.routedRows()).map((r) => r.status)).toEqual(['paused', 'paused']);

    await database.db.transaction().execute((trx) => removeRoute(trx, h.connectionId, 2));
    expect(await afterRoutesChanged(database.db, h.connectionId, h.now())).toBe(1);
    await h.chooseAlertsChannel('C0NEWCHAN');
    await h.drain(worker);
    const rows = await h.routedRows();
    expect(rows.find((r) => r.channel_id === SECOND)).toMatchObject({ status: 'skipped', last_error: 'no routing rule posts in this channel any more' });
    expect(rows.find((r) => r.channel_id === 'C0NEWCHAN')).toMatchObject({ status: 'sent' });
    expect(texts('C0NEWCHAN')).toHaveLength(1);
    expect(await listRoutes(database.db, h.connectionId)).toMatchObject([{ channelId: 'C0NEWCHAN', scope: 'all' }]);
  });
});
