import { Decimal } from 'decimal.js';
import { sql, type Kysely } from 'kysely';
import type { AppEvent } from '../src/domain/appEvent.ts';
import { insertEvents } from '../src/storage/events.ts';
import { ingestEvents } from '../src/sync/ingest.ts';
import type { Database } from '../src/storage/schema.ts';
import { FAKE_TEAM_ID, startFakeSlack } from '../test/helpers/fakeSlack.ts';
import { createConnection } from '../test/helpers/figureData.ts';
import { sendSlashCommand } from '../test/helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET } from '../test/helpers/testBot.ts';
import { benchBackends, openBenchDatabase, type BenchBackend } from './support/benchDatabase.ts';
import { benchDataSet, bulkLoad, type BenchData } from './support/figureDataSet.ts';

/**
 * `npm run bench -- commands`: p50/p95/max from a signed /partner request to the response_url post,
 * with 1,000,000 events and 300,000 transactions stored for one workspace, on the embedded PostgreSQL
 * server (in a scratch DATA_DIR, as `npm start` runs it) and (BENCH_DATABASE_URL or TEST_DATABASE_URL)
 * on a PostgreSQL server, once quiet and once while a history import stores pages beside them; and
 * the cost of keeping the precomputed state current when a 100-event poll page is stored.
 * BENCH_EVENTS / BENCH_TRANSACTIONS / BENCH_RUNS scale it down.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const FIGURE_COMMANDS = ['mrr', 'churn last 30d', 'revenue this month', 'installs last 7d'];

/** `/partner shop` by domain, by id and by part of a name, for a shop with the most events of the data set (issue 13). */
function shopCommands(data: BenchData): string[] {
  const counts = new Map<string, number>();
  for (const { event } of data.events) if (event.shopDomain && event.shopName) counts.set(event.shopId, (counts.get(event.shopId) ?? 0) + 1);
  const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const shop = data.events.find(({ event }) => event.shopId === busiest && event.shopName)!.event;
  const namePart = shop.shopName!.split(/\s+/).sort((a, b) => b.length - a.length)[0]!.slice(0, 6);
  return [`shop ${shop.shopDomain}`, `shop ${shop.shopId}`, `shop ${namePart}`];
}
const log = (line: string) => process.stdout.write(`${line}\n`);

export default async function run(): Promise<void> {
  const backends = benchBackends();
  const t0 = Date.now();
  const data = benchDataSet({ apps: 10, events: EVENTS, transactions: TRANSACTIONS, end: new Date() });
  log(`generated ${data.events.length.toLocaleString('en-US')} events and ${data.transactions.length.toLocaleString('en-US')} transactions for ${data.apps.length} apps in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const table: string[][] = [];
  for (const backend of backends) table.push(...(await benchBackend(backend, data)));
  log('');
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length), HEADER[i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  log(line(HEADER));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) log(line(row));
  log(`\ntarget: p95 <= 300 ms per command; ${RUNS} runs each after 3 warm-up runs`);
}

const HEADER = ['backend', 'measure', 'p50 ms', 'p95 ms', 'max ms', 'runs'];

async function benchBackend(backend: BenchBackend, data: BenchData): Promise<string[][]> {
  log(`\n[${backend}] loading`);
  // The database as the bot runs on it: the embedded server in a scratch DATA_DIR, or a fresh
  // database on the PostgreSQL server.
  const database = await openBenchDatabase(backend);
  const fake = await startFakeSlack();
  const rows: string[][] = [];
  try {
    const connectionId = await createConnection(database.db, FAKE_TEAM_ID, 'America/New_York');
    await prepareConnection(database.db, connectionId, data);
    await bulkLoad(database.db, connectionId, data, log);
    await settle(database.db);
    const bot = await startTestBot(fake, database);
    try {
      const timeAll = async (label: string) => {
        for (const command of [...FIGURE_COMMANDS, ...shopCommands(data)]) {
          const timings: number[] = [];
          for (let i = 0; i < RUNS + 3; i++) {
            const ms = await timeCommand(bot.baseUrl, fake, command, `${backend}-${label}-${command}-${i}`);
            if (i >= 3) timings.push(ms);
          }
          rows.push([backend, `/partner ${command}${label}`, ...stats(timings)]);
          log(`  /partner ${command}${label}: p95 ${stats(timings)[1]} ms`);
        }
      };
      await timeAll('');
      const importing = startImportLoad(database.db, connectionId, data);
      try {
        await timeAll(' (importing)');
      } finally {
        log(`  import load: ${await importing.stop()} pages of 100 events stored meanwhile`);
      }
      fake.expectNoViolations();
    } finally {
      await bot.stop();
    }
    rows.push(...(await ingestCost(backend, database.db, connectionId, data)));
  } finally {
    await fake.stop();
    await database.close();
  }
  return rows;
}

/**
 * What the database does on its own within minutes of a bulk import, before the figures are asked
 * for: autovacuum catching up (vacuum and fresh planner statistics), on the embedded server and on
 * a PostgreSQL server alike. An explicit `vacuum analyze` stands for it, so every run measures the
 * settled state rather than wherever autovacuum happens to be.
 */
async function settle(db: Kysely<Database>): Promise<void> {
  const started = Date.now();
  await sql`vacuum analyze`.execute(db);
  log(`  vacuum analyze (autovacuum catching up) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function prepareConnection(db: Kysely<Database>, connectionId: number, data: BenchData): Promise<void> {
  await db.insertInto('tracked_apps').values(data.apps.map((a) => ({ connection_id: connectionId, app_id: a.appId, name: a.name }))).execute();
  const now = new Date();
  await db
    .insertInto('sync_progress')
    .values(data.apps.flatMap((a) => (['events', 'transactions'] as const).map((stream) => ({ connection_id: connectionId, app_id: a.appId, stream, backfill_upper: now, high_water: now, backfill_complete: true }))))
    .execute();
}

async function timeCommand(baseUrl: string, fake: Awaited<ReturnType<typeof startFakeSlack>>, text: string, id: string): Promise<number> {
  const url = fake.responseUrl(id);
  const started = performance.now();
  const response = await sendSlashCommand(baseUrl, TEST_SIGNING_SECRET, { text, response_url: url });
  if (response.status !== 200) throw new Error(`/partner ${text}: HTTP ${response.status}`);
  for (;;) {
    const [answer] = fake.responsesTo(id);
    if (answer) {
      const elapsed = performance.now() - started;
      if (!Array.isArray(answer.blocks)) throw new Error(`/partner ${text} answered without blocks: ${JSON.stringify(answer).slice(0, 300)}`);
      return elapsed;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A live poll page: 100 new events of existing shops (installs, uninstalls, usage, plan changes). */
function pollPage(data: BenchData, page: number): AppEvent[] {
  const base = Date.now() + page * 1000;
  return Array.from({ length: 100 }, (_, i) => {
    const source = data.events[(page * 7919 + i * 104_729) % data.events.length]!.event;
    const types = ['RELATIONSHIP_INSTALLED', 'USAGE_CHARGE_APPLIED', 'SUBSCRIPTION_CHARGE_ACTIVATED', 'RELATIONSHIP_UNINSTALLED'];
    const type = types[i % types.length]!;
    const charge = type === 'SUBSCRIPTION_CHARGE_ACTIVATED' ? { chargeId: String(900_000_000 + page * 100 + i), amount: new Decimal('49.00'), currency: 'USD' } : {};
    return { ...source, type, occurredAt: new Date(base + i).toISOString(), chargeId: null, amount: null, currency: null, test: false, reason: null, description: null, ...charge };
  });
}

/**
 * A history import running beside the commands: a page of 100 events with its state upkeep stored
 * every 275 ms, the pace of an import at Shopify's 4 requests per second. The commands' queries run in
 * sessions of their own beside these transactions (the embedded server's pool has 5), contending for
 * locks, CPU and disk as they would in production.
 */
function startImportLoad(db: Kysely<Database>, connectionId: number, data: BenchData): { stop(): Promise<number> } {
  let running = true;
  let pages = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const events = pollPage(data, 1000 + pages);
      await db.transaction().execute((trx) => ingestEvents(trx, events.map((event) => ({ event, raw: {} })), { connectionId, source: 'backfill', alerts: null }));
      pages++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 275 - (performance.now() - started))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return pages;
    },
  };
}

async function ingestCost(backend: BenchBackend, db: Kysely<Database>, connectionId: number, data: BenchData): Promise<string[][]> {
  const withState: number[] = [];
  const without: number[] = [];
  for (let page = 0; page < 40; page++) {
    const events = pollPage(data, page);
    const started = performance.now();
    if (page % 2 === 0) {
      await db.transaction().execute((trx) => ingestEvents(trx, events.map((event) => ({ event, raw: {} })), { connectionId, source: 'poll', alerts: null }));
      withState.push(performance.now() - started);
    } else {
      // The same page stored without the ingest step's state upkeep and alerts: the repository alone.
      await db.transaction().execute((trx) => insertEvents(trx, connectionId, events.map((event) => ({ event, raw: {} })), 'poll'));
      without.push(performance.now() - started);
    }
  }
  return [
    [backend, 'poll page of 100 events, bare insert', ...stats(without)],
    [backend, 'poll page of 100 events + state upkeep', ...stats(withState)],
  ];
}

function stats(samples: number[]): string[] {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return [at(0.5).toFixed(1), at(0.95).toFixed(1), sorted.at(-1)!.toFixed(1), String(sorted.length)];
}
