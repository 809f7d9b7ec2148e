import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startPartnerbot } from '../../src/partnerbot.ts';
import { saveConnection } from '../../src/storage/connections.ts';
import { microIsoFromMs, startPartnerSimulator } from '../../test/fakes/partnerApi/index.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack } from '../../test/helpers/fakeSlack.ts';
import { openScratchDatabase } from './scratchDataDir.ts';

export interface LatencyOptions {
  pollIntervalSeconds: number;
  events: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * The whole bot (node-cron ticking every second) against the simulator, on the embedded PostgreSQL
 * server in a scratch DATA_DIR: events appear at random moments; latency is from the moment an event
 * appears to the moment its row and its alert are visible in the database.
 */
export async function measureLivePollLatency(options: LatencyOptions): Promise<Record<string, string | number>> {
  const simulator = await startPartnerSimulator({ orgs: [{ id: '1234', apps: [{ id: 'gid://partners/App/4242' }], tokens: [{ token: 'prtapi_live' }] }], ratePerSecond: 4 });
  const slack = await startFakeSlack();
  const database = await openScratchDatabase(); // close() stops the server and removes the DATA_DIR
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl, PORT: '0',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), PARTNER_API_URL: simulator.url,
    POLL_INTERVAL_SECONDS: String(options.pollIntervalSeconds),
  });
  const bot = await startPartnerbot(config, { logger: createLogger({ level: 'warn', sink: () => undefined }), database });
  try {
    const connection = await database.db.transaction().execute((trx) =>
      saveConnection(trx, bot.cipher, {
        workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: 'prtapi_live', connectedByUserId: 'U1', timeZone: 'UTC',
        alertsChannelId: 'C1', digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [{ appId: '4242', name: 'Live' }],
      }, new Date()),
    );
    // Let the (empty) history import finish first.
    await new Promise((r) => setTimeout(r, 2000));
    const latencies: number[] = [];
    for (let i = 0; i < options.events; i += 1) {
      await new Promise((r) => setTimeout(r, Math.random() * options.pollIntervalSeconds * 1000));
      const shopId = 500_000 + i;
      const appearedAt = Date.now();
      simulator.appendEvents([{ appId: 'gid://partners/App/4242', shopId: `gid://partners/Shop/${shopId}`, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: microIsoFromMs(appearedAt) }]);
      for (;;) {
        const row = await database.db
          .selectFrom('app_events')
          .innerJoin('alert_outbox', 'alert_outbox.event_id', 'app_events.id')
          .select('app_events.id')
          .where('app_events.connection_id', '=', connection.id)
          .where('app_events.shop_id', '=', String(shopId))
          .executeTakeFirst();
        if (row) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      latencies.push(Date.now() - appearedAt);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      events: latencies.length,
      'p50 s': (percentile(sorted, 50) / 1000).toFixed(2),
      'p95 s': (percentile(sorted, 95) / 1000).toFixed(2),
      'max s': (sorted[sorted.length - 1]! / 1000).toFixed(2),
      'target s': options.pollIntervalSeconds + 2,
    };
  } finally {
    await bot.stop();
    await database.close();
    await slack.stop();
    await simulator.stop();
  }
}
