import type { Kysely } from 'kysely';
import type { TokenForWorkspace } from '../alerts/slackClients.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../storage/schema.ts';
import { renderRevenueChartPng } from '../slack/digest/chart/png.ts';
import { digestCommand } from '../slack/digest/digestCommand.ts';
import type { SubcommandHandler } from '../slack/commands/partnerCommand.ts';
import { limitConcurrency } from './concurrency.ts';
import type { DigestDeps } from './digestDeps.ts';
import { createDigestSlackClients } from './digestSlack.ts';
import { createDigestNow } from './sendDigestNow.ts';

/** At most this many chart renders at once in the process (each holds ~2 MB of native memory). */
export const CHART_RENDER_CONCURRENCY = 4;

/** The digest's shared dependencies and its `/partner digest` handler, for the composition root. */
export function createDigestFeature(input: { db: Kysely<Database>; clock: Clock; logger: Logger; slackApiUrl: string; tokenForWorkspace: TokenForWorkspace }): {
  deps: DigestDeps;
  command: SubcommandHandler;
} {
  const deps: DigestDeps = {
    db: input.db,
    clock: input.clock,
    logger: input.logger,
    slackFor: createDigestSlackClients(input.slackApiUrl, input.tokenForWorkspace),
    renderChart: limitConcurrency(renderRevenueChartPng, CHART_RENDER_CONCURRENCY),
  };
  return { deps, command: digestCommand(deps, createDigestNow(deps)) };
}
