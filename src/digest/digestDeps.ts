import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { BotIdentityFor } from '../slackApi/botIdentity.ts';
import type { Database } from '../storage/schema.ts';
import type { RenderChart } from './buildDigest.ts';
import type { DigestSlack } from './digestSlack.ts';

/** What building and posting digests needs; built once in the composition root. */
export interface DigestDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  slackFor: (workspaceId: string) => Promise<DigestSlack | null>;
  /** Our bot's ids in the workspace: only our own message in the channel confirms an earlier digest. */
  botIdentityFor: BotIdentityFor;
  /** The chart renderer, limited to a few renders at once (memory: see chart/png.ts). */
  renderChart: RenderChart;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
