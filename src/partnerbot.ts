import type { RetryOptions } from '@slack/web-api';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { loadOrCreateLocalKey } from './crypto/localKey.ts';
import { createTokenCipher, type TokenCipher } from './crypto/tokenCipher.ts';
import type { Logger } from './logger.ts';
import { registerPartnerCommand } from './slack/commands/partnerCommand.ts';
import { figureCommands } from './slack/commands/figureCommands.ts';
import { createSlackApp, type SlackApp } from './slack/createSlackApp.ts';
import { registerLifecycleEvents } from './slack/events/lifecycle.ts';
import { rememberWorkspaceEnterprise } from './slack/events/rememberEnterprise.ts';
import { registerConnect } from './slack/connect/registerConnect.ts';
import { registerDisconnect } from './slack/connect/disconnect.ts';
import type { ConnectDeps } from './slack/connect/connectDeps.ts';
import { createHomePublisher } from './slack/home/homePublisher.ts';
import { refreshHomeAfterCycle } from './slack/home/homeRefresh.ts';
import { registerHome } from './slack/home/registerHome.ts';
import { createHealthNotifier } from './slack/notify/healthNotifier.ts';
import { createBotIdentityFor } from './slackApi/botIdentity.ts';
import { createWorkspaceClients } from './slackApi/workspaceClients.ts';
import { openDatabase, type DatabaseHandle } from './storage/database.ts';
import { healthReport } from './slack/healthReport.ts';
import { createInstallationStore } from './storage/installationStore.ts';
import { migrateToLatest } from './storage/migrator.ts';
import { reencryptStoredSecrets } from './storage/rotateSecrets.ts';
import { createPartnerClient, type PartnerClient } from './partner/client.ts';
import { createLimiterRegistry } from './partner/limiter.ts';
import { startJobs, type Job } from './scheduler/jobs.ts';
import { createSyncWorker, type SyncWorker } from './scheduler/syncWorker.ts';
import { createAlertWorker, type AlertWorker } from './scheduler/alertWorker.ts';
import { createAlertSlackClients } from './alerts/slackClients.ts';
import { createTokenForWorkspace } from './slackApi/tokenForWorkspace.ts';
import { registerAlertSettings } from './slack/alerts/registerAlertSettings.ts';
import { registerMerchantButton } from './slack/alerts/registerMerchantButton.ts';
import { eventsAdapter, transactionsAdapter } from './sync/streams.ts';
import { createDigestWorker, type DigestWorker } from './scheduler/digestWorker.ts';
import { CHART_RENDER_CONCURRENCY, renderRevenueChartPng } from './digest/chart/png.ts';
import { limitConcurrency } from './digest/concurrency.ts';
import type { DigestDeps } from './digest/digestDeps.ts';
import { createDigestSlackClients } from './digest/digestSlack.ts';
import { createDigestNow } from './digest/sendDigestNow.ts';
import { digestCommand } from './slack/commands/digestCommand.ts';
import { connectionCommands } from './slack/commands/connectionCommands.ts';
import { alertsCommand } from './slack/commands/alerts/alertsCommand.ts';
import { registerAlertRouting } from './slack/alerts/registerAlertRouting.ts';
import { afterRoutesChanged } from './alerts/routing/afterRoutesChanged.ts';
import { createMetrics } from './observability/metrics.ts';
import { registerDatabaseGauges } from './observability/databaseGauges.ts';
import { countedSlackFetch } from './slackApi/countedFetch.ts';
import { registerSummarySettings } from './slack/summaries/registerSummarySettings.ts';

export interface PartnerbotOptions {
  logger: Logger;
  clock?: Clock;
  /** Tests pass an already-open database; otherwise the configured one is opened and migrated. */
  database?: DatabaseHandle;
  slackRetryConfig?: RetryOptions;
  /** Tests drive jobs by hand (worker.tick()) instead of on a schedule. */
  scheduleJobs?: boolean;
}

export interface Partnerbot {
  slack: SlackApp;
  database: DatabaseHandle;
  cipher: TokenCipher;
  partnerClient: PartnerClient;
  syncWorker: SyncWorker;
  alertWorker: AlertWorker;
  digestWorker: DigestWorker;
  /** The HTTP port it listens on (null in Socket Mode without a health server). */
  port: number | null;
  stop(): Promise<void>;
}

/** Composition root: builds every dependency once from the config and starts the bot. */
export async function startPartnerbot(config: Config, options: PartnerbotOptions): Promise<Partnerbot> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await openDatabase(config.database, {
      logger: logger.child({ component: 'database' }),
      onIdleConnectionError: (error) => logger.warn('The database dropped an idle connection; reconnecting on next use', { error }),
    }));
  try {
    const { applied } = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info('Applied database migrations', { applied });

    const cipher = await buildCipher(config, logger);
    await reencryptStoredSecrets(database.db, cipher, logger);

    // One registry per bot, not prom-client's global one: tests run several bots in one process.
    const metrics = createMetrics();
    registerDatabaseGauges(metrics.registry, { db: database.db, logger: logger.child({ component: 'metrics' }) });
    const slackFetch = countedSlackFetch(config.slackApiUrl, metrics);
    const limiters = createLimiterRegistry(config.partnerRateLimitPerSecond);
    const partnerClient = createPartnerClient({
      apiUrl: config.partnerApiUrl,
      apiVersion: config.partnerApiVersion,
      limiters,
      logger: logger.child({ component: 'partner' }),
      metrics,
    });
    const installationStore = createInstallationStore(database.db, cipher);
    const tokenForWorkspace = createTokenForWorkspace(config.slack, installationStore);
    // Home refreshes and health DMs have no request to take a client from: the workspace's bot token,
    // with the Web API client's own retries (a view or a DM sent twice does no harm).
    const backgroundClientFor = createWorkspaceClients({ slackApiUrl: config.slackApiUrl, tokenForWorkspace, fetch: slackFetch }, { retries: 2 });
    const botIdentityFor = createBotIdentityFor(config.slack, { installationStore, clientFor: backgroundClientFor });
    const connectLogger = logger.child({ component: 'connect' });
    const home = createHomePublisher({ db: database.db, clock, logger: connectLogger, botClientFor: backgroundClientFor });
    const notifyHealth = createHealthNotifier({ db: database.db, clock, logger: connectLogger, botClientFor: backgroundClientFor, onNotified: (teamId) => home.refresh(teamId) });
    const refreshHome = refreshHomeAfterCycle(database.db, home);
    const syncWorker = createSyncWorker({
      db: database.db,
      cipher,
      clock,
      logger: logger.child({ component: 'sync' }),
      adapters: [eventsAdapter(partnerClient), transactionsAdapter(partnerClient)],
      pollIntervalMs: config.pollIntervalSeconds * 1000,
      errorAfterFailures: 5,
      onHealthChange: notifyHealth,
      metrics,
    }, {
      // Half the sync job's 2 s tick (below): a poll falling due between two ticks goes at the nearer one.
      claimAheadMs: 1000,
      claimWhenFreed: options.scheduleJobs !== false,
      onCycleComplete: async (id, outcome) => {
        // Alerts a poll just queued go out now instead of at the next alerts tick.
        if (outcome.alertsQueued > 0) alertWorker.tick().catch(() => undefined);
        await refreshHome(id, outcome);
      },
    });
    const alertWorker: AlertWorker = createAlertWorker({
      db: database.db,
      clock,
      logger: logger.child({ component: 'alerts' }),
      slackFor: createAlertSlackClients(config.slackApiUrl, tokenForWorkspace, slackFetch),
      botIdentityFor,
      pollIntervalMs: config.pollIntervalSeconds * 1000,
      metrics,
    });
    // The digest's dependencies, built once: the worker and `/partner digest` share them.
    const digestDeps: DigestDeps = {
      db: database.db,
      clock,
      logger: logger.child({ component: 'digest' }),
      slackFor: createDigestSlackClients(config.slackApiUrl, tokenForWorkspace, slackFetch),
      botIdentityFor,
      // A few renders at once: each holds native memory until a later garbage collection (chart/png.ts).
      renderChart: limitConcurrency(renderRevenueChartPng, CHART_RENDER_CONCURRENCY),
    };
    const digestWorker = createDigestWorker(digestDeps);
    const slack = createSlackApp({
      config,
      logger,
      installationStore,
      healthCheck: () => healthReport(database.db, config.slack.kind !== 'oauth'),
      metrics: metrics.registry,
      slackFetch,
      ...(options.slackRetryConfig ? { retryConfig: options.slackRetryConfig } : {}),
    });
    const connectDeps: ConnectDeps = { db: database.db, cipher, clock, logger: connectLogger, partner: partnerClient, syncWorker, home };
    registerConnect(slack.app, connectDeps);
    registerDisconnect(slack.app, connectDeps);
    registerHome(slack.app, { db: database.db, clock, logger: connectLogger, home, syncWorker });
    registerPartnerCommand(slack.app, logger, {
      ...connectionCommands(connectDeps),
      ...figureCommands({ db: database.db, clock }),
      digest: digestCommand(digestDeps, createDigestNow(digestDeps)),
      alerts: alertsCommand({
        db: database.db,
        clock,
        onRoutesChanged: async (teamId, connectionId) => {
          await afterRoutesChanged(database.db, connectionId, clock.now());
          await home.refresh(teamId);
        },
      }),
    });
    registerLifecycleEvents(slack.app, { db: database.db, clock, logger });
    rememberWorkspaceEnterprise(slack.app, { db: database.db, clock, logger });
    registerAlertSettings(slack.app, { db: database.db, clock, logger });
    registerAlertRouting(slack.app, {
      db: database.db,
      logger: logger.child({ component: 'alert-routing' }),
      home,
      onRoutesChanged: async (_teamId, connectionId) => void (await afterRoutesChanged(database.db, connectionId, clock.now())),
    });
    registerMerchantButton(slack.app, { db: database.db, clock, logger });
    registerSummarySettings(slack.app, { db: database.db, clock, logger: logger.child({ component: 'summaries' }), home });

    const port = await slack.start();
    const jobs: Job[] = [
      // Sync on even seconds, alerts on odd ones: a quiet bot then needs one database session, not
      // two at every second (each is a PostgreSQL process). A poll that queues alerts still
      // delivers them at once (onCycleComplete above).
      { name: 'sync', schedule: '*/2 * * * * *', run: () => syncWorker.tick() },
      { name: 'alerts', schedule: '1-59/2 * * * * *', run: () => alertWorker.tick() },
      { name: 'digest', schedule: '*/30 * * * * *', run: () => digestWorker.tick() },
    ];
    const runner = options.scheduleJobs === false ? null : startJobs(jobs, logger);
    logger.info('partnerbot is running', { mode: config.slack.kind, database: database.kind, port });

    return {
      slack,
      database,
      cipher,
      partnerClient,
      syncWorker,
      alertWorker,
      digestWorker,
      port,
      async stop() {
        await runner?.stop();
        await syncWorker.stop();
        await alertWorker.stop();
        await digestWorker.stop();
        limiters.stop();
        await slack.stop().catch((error: unknown) => logger.warn('Slack app did not stop cleanly', { error }));
        if (!options.database) await database.close();
      },
    };
  } catch (error) {
    if (!options.database) await database.close().catch(() => undefined);
    throw error;
  }
}

async function buildCipher(config: Config, logger: Logger): Promise<TokenCipher> {
  const current = config.tokenEncryptionKey
    ? Buffer.from(config.tokenEncryptionKey, 'base64')
    : await loadOrCreateLocalKey(config.dataDir, logger);
  return createTokenCipher(
    current,
    config.previousTokenEncryptionKeys.map((k) => Buffer.from(k, 'base64')),
  );
}
