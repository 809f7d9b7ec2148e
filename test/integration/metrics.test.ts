import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveConnection } from '../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { microIsoFromMs, startPartnerSimulator, type PartnerSimulator } from '../fakes/partnerApi/index.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../helpers/fakeSlack.ts';
import { startTestBot, TEST_ENCRYPTION_KEY, TEST_SIGNING_SECRET, type TestBot } from '../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../helpers/testDatabase.ts';

const ORG_ID = '7654321';
const APP_GID = 'gid://partners/App/4242';
const PARTNER_TOKEN = 'prtapi_metrics_secret_0001';
const ALERTS = 'C0ALERTS1';
const ADMIN = 'U0ADMIN01';
const SHOP = { id: 'gid://partners/Shop/501', myshopifyDomain: 'lag-test.myshopify.com', name: 'Lag Test' };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of a metric's samples whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

describe.each(testBackends())('GET /metrics on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let sim: PartnerSimulator;
  let bot: TestBot;
  beforeEach(async () => {
    sim = await startPartnerSimulator({
      orgs: [{ id: ORG_ID, apps: [{ id: APP_GID, name: 'Test App' }], tokens: [{ token: PARTNER_TOKEN }] }],
      shops: [SHOP],
      ratePerSecond: 0,
    });
    fake = await startFakeSlack();
    database = await openTestDatabase(backend);
    bot = await startTestBot(fake, database, { PARTNER_API_URL: sim.url, POLL_INTERVAL_SECONDS: '1', PARTNER_RATE_LIMIT_PER_SECOND: '100' });
  });
  afterEach(async () => {
    await bot.stop();
    await database.close();
    await fake.stop();
    await sim.stop();
  });

  const syncOnce = async () => {
    await bot.bot.syncWorker.tick();
    await bot.bot.syncWorker.idle();
  };

  it('when a poll finds an event and its alert is posted, then /metrics shows the cycle, the post, its lag, the outbox and the API calls, and no secret', async () => {
    const { id: connectionId } = await database.db.transaction().execute((trx) =>
      saveConnection(trx, bot.bot.cipher, {
        workspaceId: FAKE_TEAM_ID, organizationId: ORG_ID, token: PARTNER_TOKEN, connectedByUserId: ADMIN, timeZone: 'UTC',
        alertsChannelId: ALERTS, digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [{ appId: '4242', name: 'Test App' }],
      }, new Date(Date.now() - 1000)),
    );
    // The first cycle finds no history; the install happens after it.
    await syncOnce();
    sim.appendEvents([{ appId: APP_GID, shopId: SHOP.id, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: microIsoFromMs(Date.now()) }]);
    await database.db.updateTable('partner_connections').set({ next_poll_at: new Date() }).where('id', '=', connectionId).execute();
    await syncOnce();
    const posted = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS && c.response.ok === true);
    await expect
      .poll(async () => {
        await bot.bot.alertWorker.tick();
        await bot.bot.alertWorker.idle();
        return posted().length;
      }, { timeout: 20_000, interval: 50 })
      .toBe(1);

    const response = await fetch(`${bot.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    const samples = parseSamples(text);

    expect(total(samples, 'partnerbot_poll_cycles_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'partnerbot_alerts_posted_total')).toBe(1);
    expect(total(samples, 'partnerbot_alert_detection_lag_seconds_count')).toBe(1);
    expect(total(samples, 'partnerbot_alert_outbox', { state: 'sent' })).toBe(1);
    expect(total(samples, 'partnerbot_alert_outbox', { state: 'pending' })).toBe(0);
    expect(total(samples, 'partnerbot_connections', { status: 'active' })).toBe(1);
    expect(total(samples, 'partnerbot_import_streams', { stream: 'events', state: 'done' })).toBe(1);
    expect(total(samples, 'partnerbot_partner_api_calls_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(total(samples, 'partnerbot_slack_api_calls_total', { method: 'chat.postMessage', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    // The process metrics kept for sizing.
    expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    for (const secret of [PARTNER_TOKEN, FAKE_BOT_TOKEN, TEST_SIGNING_SECRET, TEST_ENCRYPTION_KEY]) expect(text).not.toContain(secret);
    // Labels stay bounded: no workspace, organization, channel or shop names a series.
    const labelValues = samples.flatMap((s) => Object.values(s.labels));
    for (const id of [ORG_ID, FAKE_TEAM_ID, ALERTS, ADMIN, '4242', '501']) expect(labelValues.filter((v) => v.includes(id))).toEqual([]);
  });

  it('when a reading from the database fails, then /metrics still answers, leaving out only that gauge', async () => {
    await database.db.schema.dropTable('alert_outbox').cascade().execute();
    const response = await fetch(`${bot.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const samples = parseSamples(await response.text());
    expect(samples.some((s) => s.name === 'partnerbot_alert_outbox')).toBe(false);
    expect(samples.some((s) => s.name === 'partnerbot_connections')).toBe(true);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
  });
});
