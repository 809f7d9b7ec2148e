import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startPartnerbot } from '../src/partnerbot.ts';
import { saveConnection } from '../src/storage/connections.ts';
import { microIsoFromMs, startPartnerSimulator, type SimEvent } from '../test/fakes/partnerApi/index.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack } from '../test/helpers/fakeSlack.ts';
import { openScratchDatabase } from './support/scratchDataDir.ts';

const POLL_INTERVAL_SECONDS = 5;
const EVENTS = 40;
const MAX_GAP_MS = 4000;
const APP = 'gid://partners/App/4242';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Kinds that post at once (a cancellation waits up to 60 s + one poll for a plan-change partner, by design). */
function liveEvent(i: number, atMs: number): SimEvent {
  const shopId = `gid://partners/Shop/${700_000 + i}`;
  const occurredAt = microIsoFromMs(atMs);
  switch (i % 4) {
    case 0:
      return { appId: APP, shopId, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt };
    case 1:
      return { appId: APP, shopId, typename: 'RelationshipUninstalled', type: 'RELATIONSHIP_UNINSTALLED', occurredAt, reason: 'Too expensive', description: 'bench' };
    case 2:
      return {
        appId: APP, shopId, typename: 'SubscriptionChargeActivated', type: 'SUBSCRIPTION_CHARGE_ACTIVATED', occurredAt,
        charge: { kind: 'subscription', id: `gid://shopify/AppSubscription/${900_000 + i}`, name: 'Pro', test: false, amount: { amount: '49.0', currencyCode: 'USD' } },
      };
    default:
      return {
        appId: APP, shopId, typename: 'OneTimeChargeActivated', type: 'ONE_TIME_CHARGE_ACTIVATED', occurredAt,
        charge: { kind: 'one_time', id: `gid://shopify/AppPurchaseOneTime/${800_000 + i}`, name: 'Setup', test: false, amount: { amount: '150.0', currencyCode: 'USD' } },
      };
  }
}

/**
 * Live alert latency through the whole bot (node-cron ticking sync and alerts every second), on the
 * embedded PostgreSQL server in a scratch DATA_DIR as `npm start` runs it: events appear in the
 * simulator at random moments; latency runs to the fake Slack receiving the chat.postMessage that
 * carries the event's shop.
 */
export default async function alertsBench(): Promise<void> {
  const shops = Array.from({ length: EVENTS }, (_, i) => ({ id: `gid://partners/Shop/${700_000 + i}`, myshopifyDomain: `bench-${i}.myshopify.com`, name: `Bench Shop ${i}` }));
  const simulator = await startPartnerSimulator({ orgs: [{ id: '1234', apps: [{ id: APP }], tokens: [{ token: 'prtapi_bench' }] }], shops, ratePerSecond: 4 });
  const slack = await startFakeSlack();
  const database = await openScratchDatabase(); // close() stops the server and removes the DATA_DIR
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl, PORT: '0',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), PARTNER_API_URL: simulator.url,
    POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS),
  });
  const bot = await startPartnerbot(config, { logger: createLogger({ level: 'warn', sink: () => undefined }), database, slackRetryConfig: { retries: 0 } });
  const appeared = new Map<number, number>();
  try {
    await database.db.transaction().execute((trx) =>
      saveConnection(trx, bot.cipher, {
        workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: 'prtapi_bench', connectedByUserId: 'U1', timeZone: 'UTC',
        alertsChannelId: 'C0BENCH01', digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [{ appId: '4242', name: 'Bench' }],
      }, new Date()),
    );
    await new Promise((r) => setTimeout(r, 2000)); // the (empty) history import
    const started = Date.now();
    for (let i = 0; i < EVENTS; i += 1) {
      await new Promise((r) => setTimeout(r, Math.random() * MAX_GAP_MS));
      const now = Date.now();
      appeared.set(i, now);
      simulator.appendEvents([liveEvent(i, now)]);
    }
    const deadline = Date.now() + 30_000;
    const postedAt = new Map<number, number>();
    while (postedAt.size < EVENTS && Date.now() < deadline) {
      for (const call of slack.callsTo('chat.postMessage')) {
        const match = /Bench Shop (\d+)\*/.exec(String(call.args.text));
        if (match && call.response.ok && !postedAt.has(Number(match[1]))) postedAt.set(Number(match[1]), call.at);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const latencies = [...postedAt].map(([i, at]) => at - appeared.get(i)!).sort((a, b) => a - b);
    const rows = {
      'events posted': `${latencies.length}/${EVENTS}`,
      'run s': ((Date.now() - started) / 1000).toFixed(0),
      'p50 s': (percentile(latencies, 50) / 1000).toFixed(2),
      'p95 s': (percentile(latencies, 95) / 1000).toFixed(2),
      'max s': (latencies.at(-1)! / 1000).toFixed(2),
      'target p95 s': POLL_INTERVAL_SECONDS + 3,
      'duplicate posts': slack.callsTo('chat.postMessage').length - new Set(slack.callsTo('chat.postMessage').map((c) => String(c.args.text))).size,
    };
    process.stdout.write(`live alert latency (event appears in the Partner API -> chat.postMessage), POLL_INTERVAL_SECONDS=${POLL_INTERVAL_SECONDS}:\n`);
    for (const [k, v] of Object.entries(rows)) process.stdout.write(`  ${k.padEnd(16)} ${v}\n`);
    slack.expectNoViolations();
  } finally {
    await bot.stop();
    await database.close();
    await slack.stop();
    await simulator.stop();
  }
}
