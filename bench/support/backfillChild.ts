import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../src/crypto/tokenCipher.ts';
import { createLogger } from '../../src/logger.ts';
import { createPartnerClient } from '../../src/partner/client.ts';
import { createLimiterRegistry } from '../../src/partner/limiter.ts';
import { createSyncWorker } from '../../src/scheduler/syncWorker.ts';
import { saveConnection } from '../../src/storage/connections.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';
import { eventsAdapter, transactionsAdapter } from '../../src/sync/streams.ts';

/**
 * The bot side of the import benchmark, alone in its process so its memory is measured alone: the
 * real client, limiter and sync worker on the embedded PostgreSQL server (started here in the given
 * DATA_DIR) or on a PostgreSQL server, ticked every 2 s as the bot's cron ticks it. Prints one JSON
 * line. The RSS figures are this (the bot's) process only: the embedded server runs in processes of
 * its own, as it does beside `npm start`.
 */
const [url, orgId, appIdList, token, rate, target, pollIntervalMs] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const appIds = appIdList.split(',');
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

// target: a prepared DATA_DIR for the embedded server (as a restarted bot finds it) or a PostgreSQL URL.
const database = await openDatabase(target.startsWith('postgres') ? { kind: 'server', url: target } : { kind: 'embedded', dataDir: target });
await migrateToLatest(database.db);
const cipher = createTokenCipher(randomBytes(32));
const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
const connection = await database.db.transaction().execute((trx) =>
  saveConnection(trx, cipher, {
    workspaceId: 'T1', organizationId: orgId, token, connectedByUserId: 'U1', timeZone: 'UTC', alertsChannelId: 'C1',
    digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: appIds.map((appId) => ({ appId, name: `Bench ${appId}` })),
  }, new Date()),
);
const limiters = createLimiterRegistry(Number(rate));
const client = createPartnerClient({ apiUrl: url, apiVersion: '2026-10', limiters, logger });
const worker = createSyncWorker({
  db: database.db, cipher, clock: { now: () => new Date() }, logger,
  adapters: [eventsAdapter(client), transactionsAdapter(client)], pollIntervalMs: Number(pollIntervalMs), errorAfterFailures: 5,
});
const baselineRss = process.memoryUsage().rss;
const started = performance.now();
// As the bot's cron does: a connection whose import goes on is claimed again at the next tick.
const ticker = setInterval(() => void worker.tick(), 2000);
await worker.tick();
for (;;) {
  await new Promise((r) => setTimeout(r, 250));
  const progress = await database.db.selectFrom('sync_progress').select('backfill_complete').execute();
  if (progress.length === appIds.length * 2 && progress.every((p) => p.backfill_complete)) break;
}
const durationMs = performance.now() - started;
clearInterval(ticker);
await worker.stop();
const events = await database.db.selectFrom('app_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
const transactions = await database.db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
clearInterval(sampler);
limiters.stop();
await database.close();
process.stdout.write(`${JSON.stringify({ durationMs, peakRss, baselineRss, events: Number(events.n), transactions: Number(transactions.n), connectionId: connection.id })}\n`);
process.exit(0);
