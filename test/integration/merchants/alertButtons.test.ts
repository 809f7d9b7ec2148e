import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { blockActionsPayload, sendInteraction } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ALERTS_CHANNEL, createAlertHarness, secondsAgo, usd, type AlertHarness } from '../alerts/alertHarness.ts';

type Block = { type: string; elements?: { action_id?: string; url?: string; value?: string; text?: unknown }[] };
const blocksOf = (call: { args: Record<string, unknown> }) => call.args.blocks as Block[];
const buttons = (call: { args: Record<string, unknown> }) => blocksOf(call).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe.each(testBackends())('alerts you can act on, on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let h: AlertHarness;
  let bot: TestBot | undefined;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    h = await createAlertHarness(database, fake);
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await fake.stop();
    await database.close();
  });

  it('when a shop uninstalls 52 minutes after its install alert was posted, then the uninstall says "installed 52 min ago" and both carry the buttons', async () => {
    const shop = { shopId: '77', shopName: 'Bob <b> Co', shopDomain: 'bob.myshopify.com' };
    const installedAt = Date.now() - 55 * 60_000;
    await h.queue([{ ...shop, type: 'RELATIONSHIP_INSTALLED', occurredAt: new Date(installedAt).toISOString() }]);
    const worker = h.worker();
    await h.drain(worker);
    await h.queue([{ ...shop, type: 'RELATIONSHIP_UNINSTALLED', reason: 'Too expensive', occurredAt: new Date(installedAt + 52 * 60_000 + 30_000).toISOString() }]);
    await h.drain(worker);

    const [install, uninstall] = h.posted();
    expect(JSON.stringify(blocksOf(install!))).not.toContain(' ago');
    expect(JSON.stringify(blocksOf(uninstall!))).toContain('installed 52 min ago');
    for (const post of [install!, uninstall!]) {
      expect(buttons(post).find((b) => b.action_id === 'alert_partner_dashboard')?.url).toBe('https://partners.shopify.com/1234/stores/77');
      expect(buttons(post).find((b) => b.action_id === 'alert_merchant_card')?.value).toBe(`${h.connectionId}:77`);
    }
    fake.expectNoViolations();
  });

  it('when the earlier alert is more than 24 hours older, or about another shop, then no "ago" line', async () => {
    await h.queue([
      { shopId: '5', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '1', chargeName: 'Basic', ...usd('19'), occurredAt: secondsAgo(120) },
      { shopId: '6', type: 'RELATIONSHIP_UNINSTALLED', occurredAt: secondsAgo(60) },
    ]);
    await h.drain(h.worker());
    expect(JSON.stringify(blocksOf(h.posted()[1]!))).not.toContain(' ago');
  });

  it('when someone clicks Merchant, then only they get the card; a value naming another connection gets nothing of it', async () => {
    const shop = { shopId: '77', shopName: 'Bob Co', shopDomain: 'bob.myshopify.com' };
    await h.queue([
      { ...shop, type: 'RELATIONSHIP_INSTALLED', occurredAt: secondsAgo(300) },
      { ...shop, type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '1', chargeName: 'Basic', ...usd('19.00'), occurredAt: secondsAgo(200) },
    ]);
    await h.drain(h.worker());
    bot = await startTestBot(fake, database);
    const value = buttons(h.posted()[0]!).find((b) => b.action_id === 'alert_merchant_card')!.value!;
    const click = async (v: string) => {
      const id = `click-${Math.random()}`;
      const response = await sendInteraction(bot!.baseUrl, TEST_SIGNING_SECRET, blockActionsPayload({ action_id: 'alert_merchant_card', value: v }, { channel_id: ALERTS_CHANNEL, response_url: fake.responseUrl(id), team_id: FAKE_TEAM_ID }));
      expect(response.status).toBe(200);
      for (let i = 0; i < 500; i++) {
        const [answer] = fake.responsesTo(id);
        if (answer) return answer as { text: string; blocks?: unknown[]; response_type: string; replace_original: boolean };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('no answer to the click');
    };
    const card = await click(value);
    expect(card.response_type).toBe('ephemeral');
    expect(card.replace_original).toBe(false);
    expect(JSON.stringify(card.blocks)).toContain('Basic · $19.00/month');
    expect(JSON.stringify(card.blocks)).toContain('https://partners.shopify.com/1234/stores/77');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS_CHANNEL)).toHaveLength(2);

    const forged = await click(`${h.connectionId + 1000}:77`);
    expect(forged.response_type).toBe('ephemeral');
    expect(JSON.stringify(forged)).not.toContain('Bob Co');
    expect(forged.text).toContain('no merchant card');
  });
});
