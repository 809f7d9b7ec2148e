import { Decimal } from 'decimal.js';
import { createAlertSlackClients } from '../../../src/alerts/slackClients.ts';
import { createTokenCipher } from '../../../src/crypto/tokenCipher.ts';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import { createLogger } from '../../../src/logger.ts';
import { createAlertWorker, type AlertWorker, type AlertWorkerOptions } from '../../../src/scheduler/alertWorker.ts';
import { saveConnection } from '../../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { ingestEvents } from '../../../src/sync/ingest.ts';
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_TOKEN, FAKE_TEAM_ID, type FakeSlack, type RecordedCall } from '../../helpers/fakeSlack.ts';
import { TEST_ENCRYPTION_KEY } from '../../helpers/testBot.ts';

export const ALERTS_CHANNEL = 'C0ALERTS1';
export const ADMIN_ID = 'U0ADMIN01';
export const APP_ID = '4242';

export interface AlertHarness {
  connectionId: number;
  logs: string[];
  /** Shifts the workers' clock (pairing holds, pause retries). */
  advance(ms: number): void;
  now(): Date;
  queue(events: Partial<AppEvent>[], source?: 'poll' | 'backfill'): Promise<number>;
  worker(options?: AlertWorkerOptions): AlertWorker;
  /** What an admin does in the connect modal's edit: another alerts channel (the rules naming the old one follow). */
  chooseAlertsChannel(channelId: string): Promise<void>;
  /** Ticks until nothing is running and a tick starts nothing. */
  drain(...workers: AlertWorker[]): Promise<void>;
  /** Accepted alert posts in the alerts channel, oldest first. */
  posted(): RecordedCall[];
  /** Accepted alert posts in one channel, oldest first. */
  postedIn(channelId: string): RecordedCall[];
  /** Outbox rows with their channel, by event time then queue order. */
  routedRows(): Promise<{ id: number; channel_id: string; status: string; shop_id: string; type: string; last_error: string | null }[]>;
  outbox(): Promise<{ id: number; status: string; slack_ts: string | null; type: string; shop_id: string; last_error: string | null }[]>;
}

export async function createAlertHarness(database: DatabaseHandle, fake: FakeSlack, at = new Date()): Promise<AlertHarness> {
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const alertsFrom = new Date(at.getTime() - 3600_000);
  const connect = (alertsChannelId: string) =>
    database.db.transaction().execute((trx) =>
      saveConnection(trx, createTokenCipher(Buffer.from(TEST_ENCRYPTION_KEY, 'base64')), {
        workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: 'prtapi_x', connectedByUserId: ADMIN_ID, timeZone: 'UTC',
        alertsChannelId, digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [{ appId: APP_ID, name: 'Test App' }],
      }, alertsFrom),
    );
  const connection = await connect(ALERTS_CHANNEL);
  const slackFor = createAlertSlackClients(fake.apiUrl, async () => FAKE_BOT_TOKEN);
  return {
    connectionId: connection.id,
    logs,
    advance: (ms) => void (offsetMs += ms),
    now: () => clock.now(),
    async queue(events, source = 'poll') {
      const result = await database.db.transaction().execute((trx) =>
        ingestEvents(trx, events.map((e) => ({ event: appEvent(e), raw: { test: true } })), {
          connectionId: connection.id,
          source,
          alerts: source === 'poll' ? { from: alertsFrom.toISOString() } : null,
        }),
      );
      return result.alertsQueued;
    },
    async chooseAlertsChannel(channelId) {
      await connect(channelId);
    },
    worker(options = {}) {
      return createAlertWorker(
        { db: database.db, clock, logger, slackFor, botIdentityFor: async () => ({ botId: FAKE_BOT_ID, appId: FAKE_APP_ID }), pollIntervalMs: 1000 },
        { minGapMs: 20, probeEveryMs: 0, ...options },
      );
    },
    async drain(...workers) {
      for (let round = 0; round < 50; round += 1) {
        const before = fake.calls.length;
        for (const w of workers) await w.tick();
        await Promise.all(workers.map((w) => w.idle()));
        if (fake.calls.length === before) return;
      }
    },
    posted: () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS_CHANNEL && c.response.ok === true),
    postedIn: (channelId) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channelId && c.response.ok === true),
    routedRows: () =>
      database.db
        .selectFrom('alert_outbox as o')
        .innerJoin('app_events as e', 'e.id', 'o.event_id')
        .select(['o.id', 'o.channel_id', 'o.status', 'e.shop_id', 'e.type', 'o.last_error'])
        .orderBy('e.occurred_at')
        .orderBy('o.id')
        .execute(),
    outbox: () =>
      database.db
        .selectFrom('alert_outbox as o')
        .innerJoin('app_events as e', 'e.id', 'o.event_id')
        .select(['o.id', 'o.status', 'o.slack_ts', 'e.type', 'e.shop_id', 'o.last_error'])
        .orderBy('e.occurred_at')
        .orderBy('o.id')
        .execute(),
  };
}

let shopCounter = 0;

/** An app event with sensible defaults; `at` offsets are relative to now. */
export function appEvent(e: Partial<AppEvent>): AppEvent {
  shopCounter += 1;
  return {
    appId: APP_ID,
    shopId: e.shopId ?? String(1000 + shopCounter),
    shopDomain: e.shopDomain ?? `shop-${e.shopId ?? shopCounter}.myshopify.com`,
    shopName: e.shopName ?? `Shop ${e.shopId ?? shopCounter}`,
    type: e.type ?? 'RELATIONSHIP_INSTALLED',
    occurredAt: e.occurredAt ?? new Date().toISOString(),
    chargeId: e.chargeId ?? null,
    chargeName: e.chargeName ?? null,
    amount: e.amount ?? null,
    currency: e.currency ?? null,
    test: e.test ?? false,
    billingOn: null,
    reason: e.reason ?? null,
    description: e.description ?? null,
  };
}

export const usd = (amount: string) => ({ amount: new Decimal(amount), currency: 'USD' });

export const secondsAgo = (s: number, from = Date.now()) => new Date(from - s * 1000).toISOString();
