import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppTransaction } from '../../../src/domain/transaction.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { ingestTransactions } from '../../../src/sync/ingest.ts';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { sendSlashCommand } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { APP_ID, createAlertHarness, usd } from '../alerts/alertHarness.ts';

const day = (n: number) => `2025-0${n}-01T10:00:00.000000Z`;
const bob = { shopId: '77', shopName: "Bob's <Shop>", shopDomain: 'bob.myshopify.com' };
const sale = (id: string, chargeId: string, net: string, currency: string, interval: string | null, kind: AppTransaction['kind'] = 'subscription'): AppTransaction => ({
  id: `gid://partners/AppSubscriptionSale/${id}`, typename: 'AppSubscriptionSale', kind, appId: APP_ID, shopId: '77', shopDomain: bob.shopDomain, chargeId,
  billingInterval: interval, createdAt: day(6), gross: null, net: { amount: new Decimal(net), currency }, shopifyFee: null,
});

describe.each(testBackends())('/partner shop on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let bot: TestBot;
  const ask = async (text: string): Promise<{ text: string; blocks?: unknown[]; response_type: string }> => {
    const id = `${text}-${Math.random()}`;
    const response = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, team_id: FAKE_TEAM_ID, response_url: fake.responseUrl(id) });
    expect(response.status).toBe(200);
    for (let i = 0; i < 500; i++) {
      const [answer] = fake.responsesTo(id);
      if (answer) return answer as never;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no answer to /partner ${text}`);
  };
  const all = (m: { text: string; blocks?: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    const h = await createAlertHarness(database, fake);
    // Hand-computed: installed, paid Basic, left (not paying), came back (a reinstall) on Pro, annual $120 = $10/month.
    await h.queue([
      { ...bob, type: 'RELATIONSHIP_INSTALLED', occurredAt: day(1) },
      { ...bob, type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '1', chargeName: 'Basic', ...usd('19.00'), occurredAt: day(2) },
      { ...bob, type: 'RELATIONSHIP_UNINSTALLED', reason: 'Too expensive, Slow', description: 'Missing *bulk* edit', occurredAt: day(3) },
      { ...bob, type: 'RELATIONSHIP_INSTALLED', occurredAt: day(4) },
      { ...bob, type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '2', chargeName: 'Pro', ...usd('120.00'), occurredAt: day(5) },
      { ...bob, type: 'ONE_TIME_CHARGE_ACTIVATED', chargeId: '3', chargeName: 'Setup', ...usd('50'), test: true, occurredAt: day(5) },
      { shopId: '78', shopName: "Bob's Other Store", shopDomain: 'bob-2.myshopify.com', type: 'RELATIONSHIP_INSTALLED', occurredAt: day(2) },
      { shopId: '79', shopName: null, shopDomain: null, type: 'RELATIONSHIP_INSTALLED', occurredAt: day(2) },
      { shopId: '80', shopName: '100% Cotton', shopDomain: 'cotton.myshopify.com', type: 'RELATIONSHIP_INSTALLED', occurredAt: day(2) },
    ], 'backfill');
    await database.db.updateTable('app_events').set({ shop_name: null, shop_domain: null }).where('shop_id', '=', '79').execute();
    await database.db.transaction().execute((trx) =>
      ingestTransactions(trx, h.connectionId, [
        sale('1', '1', '15.20', 'USD', 'EVERY_30_DAYS'),
        sale('2', '2', '100.05', 'USD', 'ANNUAL'),
        sale('3', '2', '3.50', 'eur', 'ANNUAL', 'usage'),
        sale('4', '3', '42.00', 'USD', null, 'one_time'), // a test charge: left out
      ].map((transaction) => ({ transaction, raw: {} }))),
    );
    bot = await startTestBot(fake, database);
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    await database?.close();
  });

  it('when asked by domain, then the card has the hand-computed facts, only for the asker', async () => {
    const card = await ask('shop BOB.myshopify.com');
    expect(card.response_type).toBe('ephemeral');
    const text = all(card);
    expect(text).toContain('Bob&#39;s &lt;Shop&gt;'.replace('&#39;', "'"));
    expect(text).toContain('Installed');
    expect(text).toContain('*Reinstalls*\\n1');
    expect(text).toContain('<!date^1735725600^{date_short_pretty}|2025-01-01>'); // first install
    expect(text).toContain('Pro · $10.00/month');
    expect(text).toContain('*Paying since*\\n<!date^1746093600^'); // 2025-05-01, not the first subscription
    expect(text).toContain('$115.25');
    expect(text).toContain('3.50 EUR');
    expect(text).not.toContain('157.25');
    expect(text).toContain('Too expensive, Slow');
    expect(text).toContain('Missing ∗bulk∗ edit');
    expect(text).toContain('https://partners.shopify.com/1234/stores/77');
    expect(text).toContain('Importing history');
    fake.expectNoViolations();
  });

  it('when asked by id or gid, then the same shop; a REDACTED shop is found by id and shown by it', async () => {
    expect(all(await ask('shop 77'))).toContain('Pro · $10.00/month');
    expect(all(await ask('shop gid://partners/Shop/77'))).toContain('Pro · $10.00/month');
    const redacted = all(await ask('shop 79'));
    expect(redacted).toContain('Shop 79');
    expect(redacted).toContain('REDACTED');
  });

  it('when part of a name matches several shops, then a list with the command for each; none, then "No shop matches"', async () => {
    const list = all(await ask('shop bob'));
    expect(list).toContain('`/partner shop 77`');
    expect(list).toContain('`/partner shop 78`');
    expect(list).not.toContain('/partner shop 80');
    expect(all(await ask('shop 100%'))).toContain('stores/80'); // the one match: its card at once
    const none = await ask('shop %_<@U1>');
    expect(none.text).toContain('No shop matches %ˍ&lt;@U1&gt;.');
  });
});
