import { App, type CustomRoute, type InstallationStore } from '@slack/bolt';
import { WebClient, type FetchFunction, type RetryOptions } from '@slack/web-api';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { toBoltLogger } from './boltLogger.ts';
import { singleWorkspaceAuthorize } from './singleWorkspaceAuthorize.ts';
import type { HealthReport } from './healthReport.ts';

/** The bot scopes partnerbot asks for when a workspace installs it (manifest.yml says why). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'channels:join',
  'channels:read',
  'groups:read',
  'users:read',
  'im:write',
  'files:write',
  'channels:history',
  'groups:history',
];

/** What the code registers with Bolt, so a test can hold it against manifest.yml. */
export interface SlackSurface {
  commands: Set<string>;
  events: Set<string>;
}

export interface SlackAppOptions {
  config: Pick<Config, 'slack' | 'slackApiUrl' | 'port'>;
  logger: Logger;
  installationStore: InstallationStore;
  /** Answers GET /healthz (healthReport.ts). */
  healthCheck: () => Promise<HealthReport>;
  /** Answers GET /metrics in Prometheus' text format. */
  metrics?: Pick<Registry, 'contentType' | 'metrics'>;
  /** The fetch of every Web API client Bolt makes (countedFetch.ts counts the calls). */
  slackFetch?: FetchFunction;
  retryConfig?: RetryOptions;
}

export interface SlackApp {
  app: App;
  surface: SlackSurface;
  /** Starts listening; resolves with the HTTP port (HTTP modes, or Socket Mode's health server). */
  start(): Promise<number | null>;
  stop(): Promise<void>;
}

/** One factory for Socket Mode, single-workspace HTTP and multi-workspace OAuth (INTERFACE.md). */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger } = options;
  const healthRoute: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req, res) => {
      const report = await options.healthCheck().catch((): HealthReport => ({ status: 503, body: { ok: false, database: 'unreachable', slack: { ok: true } } }));
      res.writeHead(report.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report.body));
    },
  };
  const common = {
    logger: toBoltLogger(logger.child({ component: 'slack' })),
    clientOptions: { slackApiUrl: config.slackApiUrl, retryConfig: options.retryConfig ?? { retries: 2, factor: 2 }, fetch: options.slackFetch },
    // Served like /healthz in every mode: Socket Mode starts a small HTTP server for custom routes.
    customRoutes: options.metrics ? [healthRoute, metricsRoute(options.metrics, logger)] : [healthRoute],
  };
  const mode = config.slack;
  const authorizeOne = (botToken: string) => singleWorkspaceAuthorize(botToken, new WebClient(undefined, common.clientOptions));
  const app =
    mode.kind === 'socket'
      ? new App({ ...common, authorize: authorizeOne(mode.botToken), appToken: mode.appToken, socketMode: true, installerOptions: { port: config.port } })
      : mode.kind === 'http'
        ? new App({ ...common, authorize: authorizeOne(mode.botToken), signingSecret: mode.signingSecret })
        : new App({
            ...common,
            signingSecret: mode.signingSecret,
            clientId: mode.clientId,
            clientSecret: mode.clientSecret,
            stateSecret: mode.stateSecret,
            scopes: BOT_SCOPES,
            installationStore: options.installationStore,
            installerOptions: { directInstall: true },
          });

  const surface = trackRegistrations(app);
  return {
    app,
    surface,
    async start() {
      const started = (await app.start(config.port)) as unknown;
      if (mode.kind === 'socket') return config.port;
      const address = (started as Server).address() as AddressInfo | null;
      return address?.port ?? null;
    },
    stop: () => app.stop().then(() => undefined),
  };
}

function metricsRoute(registry: Pick<Registry, 'contentType' | 'metrics'>, logger: Logger): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: async (_req, res) => {
      try {
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(body);
      } catch (error) {
        logger.warn('GET /metrics failed', { error });
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      }
    },
  };
}

function trackRegistrations(app: App): SlackSurface {
  const surface: SlackSurface = { commands: new Set(), events: new Set() };
  const command = app.command.bind(app);
  const event = app.event.bind(app);
  app.command = ((name: unknown, ...rest: unknown[]) => {
    surface.commands.add(String(name));
    return (command as (...args: unknown[]) => void)(name, ...rest);
  }) as App['command'];
  app.event = ((name: unknown, ...rest: unknown[]) => {
    surface.events.add(String(name));
    return (event as (...args: unknown[]) => void)(name, ...rest);
  }) as App['event'];
  return surface;
}
