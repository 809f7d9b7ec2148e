import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startPartnerbot } from '../../src/partnerbot.ts';
import { saveConnection } from '../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { microIsoFromMs, startPartnerSimulator, type RequestLogEntry } from '../../test/fakes/partnerApi/index.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../test/helpers/fakeSlack.ts';
import { benchBackends, openBenchDatabase } from './benchDatabase.ts';

export interface LatencyOptions {
  pollIntervalSeconds: number;
  /** Events appended, each at a random moment of the window. */
  events: number;
  /** How long events keep appearing; the steady-state request rate is counted over the same span. */
  windowSeconds: number;
  /** Apps of the organization (the events go to each in turn). */
  apps: number;
}

/** The token's requests over whole poll periods: from the first cycle's start to the last one's. */
export interface PollCost {
  seconds: number;
  requests: number;
  /** Sync cycles (each a live poll of every stream of every app) in those periods. */
  polls: number;
  /** Requests for a page after the first of a stream's poll (a window of more than 100 records). */
  extraPages: number;
  throttled: number;
}

export interface LatencyResult {
  pollIntervalSeconds: number;
  apps: number;
  events: number;
  /** Event appended to the simulator -> the fake Slack accepted the chat.postMessage naming its shop. */
  latenciesMs: number[];
  cost: PollCost;
}

const ORG = '1234';
const TOKEN = 'prtapi_latency';
// A cycle's requests are spaced ~275 ms apart by the limiter; cycles are seconds apart.
const BURST_GAP_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shopName = (i: number) => `Latency Shop ${i}`;

/**
 * The whole bot (node-cron ticking sync and alerts every other second) against the simulator, on a
 * database of its own: an organization of `apps` apps whose (empty) history import has finished gets
 * `events` installs at random moments of a window; each one's latency runs to the fake Slack
 * receiving the chat.postMessage that names its shop, and every Partner API request of the token
 * during the window is counted.
 */
export async function measureLivePollLatency(options: LatencyOptions): Promise<LatencyResult> {
  const appIds = Array.from({ length: options.apps }, (_, i) => 4242 + i);
  const shops = Array.from({ length: options.events }, (_, i) => ({ id: `gid://partners/Shop/${500_000 + i}`, myshopifyDomain: `latency-${i}.myshopify.com`, name: shopName(i) }));
  const simulator = await startPartnerSimulator({
    orgs: [{ id: ORG, apps: appIds.map((id) => ({ id: `gid://partners/App/${id}` })), tokens: [{ token: TOKEN }] }],
    shops,
    ratePerSecond: 4,
  });
  const slack = await startFakeSlack();
  // Several of these run at once: a fresh database on the configured server is lighter than an embedded server each.
  const database = await openBenchDatabase(benchBackends().includes('postgres') ? 'postgres' : 'embedded');
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl, PORT: '0',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), PARTNER_API_URL: simulator.url,
    POLL_INTERVAL_SECONDS: String(options.pollIntervalSeconds),
  });
  const bot = await startPartnerbot(config, { logger: createLogger({ level: 'warn', sink: () => undefined }), database, slackRetryConfig: { retries: 0 } });
  try {
    await database.db.transaction().execute((trx) =>
      saveConnection(trx, bot.cipher, {
        workspaceId: FAKE_TEAM_ID, organizationId: ORG, token: TOKEN, connectedByUserId: 'U1', timeZone: 'UTC',
        alertsChannelId: 'C0LATENCY', digestChannelId: null, digestWeekday: 1, digestHour: 9,
        apps: appIds.map((id) => ({ appId: String(id), name: `Latency ${id}` })),
      }, new Date()),
    );
    await importFinished(database.db);
    const windowMs = options.windowSeconds * 1000;
    const windowStart = simulator.elapsed();
    const appeared = new Map<string, number>();
    const offsets = Array.from({ length: options.events }, () => Math.random() * windowMs).sort((a, b) => a - b);
    const started = Date.now();
    for (const [i, offset] of offsets.entries()) {
      await sleep(started + offset - Date.now());
      const now = Date.now();
      appeared.set(shopName(i), now);
      const appId = `gid://partners/App/${appIds[i % appIds.length]}`;
      simulator.appendEvents([{ appId, shopId: shops[i]!.id, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: microIsoFromMs(now) }]);
    }
    await sleep(started + windowMs - Date.now());
    const cost = pollCost(simulator.requests, TOKEN, windowStart, windowStart + windowMs, simulator.throttledCount(windowStart));
    const posted = await waitForPosts(slack, appeared, Date.now() + (options.pollIntervalSeconds + 30) * 1000);
    return { pollIntervalSeconds: options.pollIntervalSeconds, apps: options.apps, events: options.events, latenciesMs: posted, cost };
  } finally {
    await bot.stop();
    await database.close();
    await slack.stop();
    await simulator.stop();
  }
}

async function importFinished(db: DatabaseHandle['db']): Promise<void> {
  for (;;) {
    const rows = await db.selectFrom('sync_progress').select('backfill_complete').execute();
    if (rows.length > 0 && rows.every((r) => r.backfill_complete)) return;
    await sleep(200);
  }
}

/** Latency of every event whose alert was posted by the deadline (the result says how many were). */
async function waitForPosts(slack: Pick<FakeSlack, 'callsTo'>, appeared: Map<string, number>, deadline: number): Promise<number[]> {
  const postedAt = new Map<string, number>();
  while (postedAt.size < appeared.size && Date.now() < deadline) {
    for (const call of slack.callsTo('chat.postMessage')) {
      const name = /Latency Shop \d+/.exec(String(call.args.text))?.[0];
      if (name && call.response.ok && !postedAt.has(name)) postedAt.set(name, call.at);
    }
    await sleep(100);
  }
  return [...postedAt].map(([name, at]) => at - appeared.get(name)!);
}

/**
 * The token's requests in [fromMs, toMs) of simulator time, grouped into the cycles that made them
 * (a burst of requests ~275 ms apart), counted over whole periods, from the first cycle's start to
 * the last one's, so a window that is not a multiple of the interval does not skew the rate.
 */
export function pollCost(requests: readonly RequestLogEntry[], token: string, fromMs: number, toMs: number, throttled: number): PollCost {
  const inWindow = requests.filter((r) => r.token === token && r.at >= fromMs && r.at < toMs).sort((a, b) => a.at - b.at);
  const bursts: RequestLogEntry[][] = [];
  for (const request of inWindow) {
    const current = bursts.at(-1);
    if (current && request.at - current.at(-1)!.at <= BURST_GAP_MS) current.push(request);
    else bursts.push([request]);
  }
  const whole = bursts.slice(0, -1).flat();
  const seconds = bursts.length > 1 ? (bursts.at(-1)![0]!.at - bursts[0]![0]!.at) / 1000 : NaN;
  const extraPages = whole.filter((r) => r.variables?.after != null).length;
  return { seconds, requests: whole.length, polls: bursts.length - 1, extraPages, throttled };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** p50 / p95 / max in seconds, over the events that were posted. */
export function latencySummary(latenciesMs: readonly number[]): { p50: number; p95: number; max: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  if (sorted.length === 0) return { p50: NaN, p95: NaN, max: NaN };
  return { p50: percentile(sorted, 50) / 1000, p95: percentile(sorted, 95) / 1000, max: sorted.at(-1)! / 1000 };
}
