import type { Kysely } from 'kysely';
import type { AlertRoute } from '../../domain/alertRoute.ts';
import type { PartnerConnection, TrackedApp } from '../../domain/connection.ts';
import { findLiveConnection, listTrackedApps } from '../../storage/connections.ts';
import { listRoutes } from '../../storage/alertRoutes.ts';
import { listImportProgress } from '../../storage/importProgress.ts';
import type { Database } from '../../storage/schema.ts';
import { listTokenFailures, type TokenFailure } from '../../storage/slackTokenFailures.ts';
import { importState, type ImportState } from '../../figures/importProgress.ts';
import { listDigestTargets } from '../../storage/digestTargets.ts';
import { lastSentSummaries } from '../../storage/digests.ts';
import type { SummariesState } from './summariesSection.ts';

/** Everything the Home tab and `/partner status` show about one workspace's connection. */
export interface ConnectionSummary {
  connection: PartnerConnection;
  apps: TrackedApp[];
  import: ImportState;
  /** Slack refuses the workspace's bot token (alerts wait until it works again), or null. */
  slackToken: TokenFailure | null;
  /** The alert routing rules, in order (the Home tab's "Alert routing"); absent where not needed. */
  routes?: AlertRoute[];
  /** The summaries' settings (the Home tab's "Summaries"); loaded when a time `now` is given. */
  summaries?: SummariesState;
}

/** Each tracked app imports two streams: events and transactions. */
const STREAMS_PER_APP = 2;

/**
 * Reads only the given workspace's live connection: nothing of another workspace can leak in. With
 * `now`, also the summaries' settings as of then (the Home tab shows when the next one goes out).
 */
export async function loadConnectionSummary(db: Kysely<Database>, workspaceId: string, now?: Date): Promise<ConnectionSummary | null> {
  const connection = await findLiveConnection(db, workspaceId);
  if (!connection) return null;
  const apps = await listTrackedApps(db, connection.id);
  const progress = await listImportProgress(db, connection.id);
  const [slackToken] = await listTokenFailures(db, workspaceId);
  const routes = await listRoutes(db, connection.id);
  const summaries = now ? await loadSummariesState(db, workspaceId, now) : null;
  return { connection, apps, import: importState(progress, apps.length * STREAMS_PER_APP), slackToken: slackToken ?? null, routes, ...(summaries ? { summaries } : {}) };
}

async function loadSummariesState(db: Kysely<Database>, workspaceId: string, now: Date): Promise<SummariesState | null> {
  const [target] = await listDigestTargets(db, workspaceId);
  return target ? { target, lastSent: await lastSentSummaries(db, workspaceId), now } : null;
}
