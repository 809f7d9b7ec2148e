import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../src/crypto/tokenCipher.ts';
import { churnReport } from '../../../src/metrics/reference/churnReport.ts';
import { formatMoney, formatRate } from '../../../src/metrics/format.ts';
import { installActivity } from '../../../src/metrics/reference/installActivity.ts';
import { billingIntervals } from '../../../src/metrics/reference/billingIntervals.ts';
import { mrrAt } from '../../../src/metrics/reference/mrrAt.ts';
import { revenueReport } from '../../../src/metrics/reference/revenueReport.ts';
import { replay, replaySnapshots, testChargeIds } from '../../../src/metrics/state.ts';
import { parseWindow } from '../../../src/metrics/window.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { generateDataSet, startPartnerSimulator, type PartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { eventsOf, toDomain, transactionsOf } from '../../helpers/simDomain.ts';
import { sendSlashCommand } from '../../helpers/slackRequests.ts';
import { APP_GID, ORG_ID, PARTNER_TOKEN, createSyncHarness } from '../../helpers/syncHarness.ts';
import { startTestBot, TEST_ENCRYPTION_KEY, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';

const DAY = 86_400_000;
// The harness connects workspace T1 in UTC with one app, "Test App" (4242).
const TEAM = 'T1';

describe.each(testBackends())('figure commands end to end on %s', (backend) => {
  let database: DatabaseHandle;
  let simulator: PartnerSimulator;
  let fake: FakeSlack;
  let bot: TestBot;
  // History up to an hour ago: nothing happens while the test runs, so "now" is the same state.
  const end = new Date(Date.now() - 3_600_000);
  const data = generateDataSet({ appId: APP_GID, seed: 21, targetEvents: 2500, start: new Date(end.getTime() - 400 * DAY).toISOString(), end: end.toISOString() });
  const domain = toDomain(data);
  const events = eventsOf(domain);
  const transactions = transactionsOf(domain);
  const intervals = billingIntervals(transactions);
  let beforeImport: Record<string, unknown>;

  const ask = async (text: string, team = TEAM): Promise<{ text: string; blocks: unknown[]; response_type: string }> => {
    const id = `${text}-${Math.random()}`;
    const response = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, team_id: team, response_url: fake.responseUrl(id) });
    expect(response.status).toBe(200);
    for (let i = 0; i < 500; i++) {
      const [answer] = fake.responsesTo(id);
      if (answer) return answer as never;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no answer to /partner ${text}`);
  };
  const all = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    simulator = await startPartnerSimulator({ orgs: [{ id: ORG_ID, apps: [{ id: APP_GID, name: 'Test App' }], tokens: [{ token: PARTNER_TOKEN }] }], ...data, ratePerSecond: 0 });
    fake = await startFakeSlack();
    // The bot re-encrypts tokens with its key at start: the harness uses the same key.
    const cipher = createTokenCipher(Buffer.from(TEST_ENCRYPTION_KEY, 'base64'));
    const harness = await createSyncHarness({ simulatorUrl: simulator.url, database, alertsChannelId: null, cipher });
    bot = await startTestBot(fake, database);
    beforeImport = await ask('mrr');
    await harness.runUntilIdle().catch((error: unknown) => { console.log(harness.logs.filter((l) => /warn|error/i.test(l)).slice(-5).join("\n")); throw error; });
  }, 120_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    await simulator?.stop();
    await database?.close();
  });

  it('when the history is still importing, then the answer says so instead of passing partial numbers as final', () => {
    expect(all(beforeImport as never)).toContain('Importing history');
  });

  it('when asked for MRR, then MRR, ARR, paying merchants and ARPU per currency are the replayed ones', async () => {
    const answer = await ask('mrr');
    const expected = mrrAt(replay(events, new Date()), intervals).total;
    expect(expected.currencies.length).toBeGreaterThan(0);
    for (const c of expected.currencies) {
      expect(all(answer)).toContain(`*${formatMoney(c.mrr, c.currency)}* MRR`);
      expect(all(answer)).toContain(formatMoney(c.arr, c.currency));
      expect(all(answer)).toContain(`*Paying merchants*\\n${c.payingMerchants}`);
      expect(all(answer)).toContain(formatMoney(c.arpu!, c.currency));
    }
    expect(answer.response_type).toBe('ephemeral');
    expect(all(answer)).not.toContain('Importing history');
  });

  it('when asked for churn over the last 30 days, then the rates and counts are the replayed ones', async () => {
    const answer = await ask('churn');
    const now = new Date();
    const window = { start: new Date(now.getTime() - 30 * DAY), end: now };
    const [start, endState] = replaySnapshots(events, [window.start, window.end]);
    const expected = churnReport({ events, window, start: start!, end: endState!, intervals, timeZone: 'UTC' }).total;
    expect(all(answer)).toContain(`*${formatRate(expected.merchantChurn)}* merchant churn   ${expected.churnedMerchants} of ${expected.installedAtStart} installed shops`);
    expect(all(answer)).toContain(`${formatRate(expected.payingMerchantChurn)} (${expected.lostPayingMerchants} of ${expected.payingAtStart})`);
    expect(all(answer)).toContain(`*Uninstalls*\\n${expected.activity.uninstalls}`);
    for (const m of expected.mrr) expect(all(answer)).toContain(`gross ${formatRate(m.grossMrrChurn)} · net ${formatRate(m.netMrrChurn)}`);
  });

  it('when asked for revenue this month in public, then net per currency is the replayed one and it posts in the channel', async () => {
    const answer = await ask('revenue this month public');
    const window = parseWindow('this month', new Date(), 'UTC', '');
    if (!window.ok) throw new Error(window.error);
    const expected = revenueReport(transactions, window.window, testChargeIds(events)).total;
    for (const c of expected) expect(all(answer)).toContain(`*${formatMoney(c.total.net, c.currency)}* net`);
    expect(answer.response_type).toBe('in_channel');
  });

  it('when asked for installs over the last 7 days for the app by id, then the counts and days are the replayed ones', async () => {
    const answer = await ask('installs last 7d 4242');
    const now = new Date();
    const expected = installActivity(events, { start: new Date(now.getTime() - 7 * DAY), end: now }, 'UTC');
    const t = expected.total;
    const count = (n: number, noun: string) => `*${n}* ${n === 1 ? noun : `${noun}s`}`;
    expect(all(answer)).toContain(`${count(t.installs, 'install')} · ${count(t.uninstalls, 'uninstall')}`);
    expect(all(answer)).toContain(`*Reinstalls*\\n${t.reinstalls}`);
    expect(expected.byDay).toHaveLength(8);
    expect(all(answer)).toContain(expected.byDay![0]!.date.slice(5));
  });

  it('when the app or window is unknown, then the answer names the problem and the way out', async () => {
    expect((await ask('mrr Bundles')).text).toContain('No tracked app is called "Bundles". Tracked apps: Test App (4242).');
    expect((await ask('churn last 30m')).text).toMatch(/"m" is ambiguous[\s\S]*Examples:/);
  });

  it('when the workspace is not connected, then it says how to connect', async () => {
    expect((await ask('revenue', 'T_OTHER')).text).toContain('/partner connect');
  });

  it('then every answer was within Block Kit limits', () => {
    fake.expectNoViolations();
  });
});
