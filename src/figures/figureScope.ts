import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { PartnerConnection, TrackedApp } from '../domain/connection.ts';
import { findLiveConnection, listTrackedApps } from '../storage/connections.ts';
import { listImportProgress } from '../storage/importProgress.ts';
import type { Database } from '../storage/schema.ts';
import { formatPercent, importState } from './importProgress.ts';
import type { FigureMessage } from './views/figureBlocks.ts';

export interface FigureDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/** What a user asked for: the workspace it came from and the words after the figure's name. */
export interface FigureRequest {
  workspaceId: string;
  args: string;
}

/** The message to post, or why there is none (said only to the user who asked). */
export type FigureAnswer = { ok: true; message: FigureMessage } | { ok: false; error: string };

/** What every figure needs before it can be computed: the connection, its apps, now, and notes. */
export interface FigureScope {
  connection: PartnerConnection;
  tracked: TrackedApp[];
  now: Date;
  timeZone: string;
  /** "Importing history: 62% — figures so far." while the history import runs. */
  notes: string[];
}

export const NOT_CONNECTED_MESSAGE =
  'This workspace is not connected to a Shopify Partner organization yet, so there are no figures to show. An admin can connect it with `/partner connect`.';

const NO_APPS_MESSAGE = 'No apps are tracked yet. An admin can add App IDs with `/partner connect`.';

/** The workspace's scope, or what to tell the user instead (not connected, no apps). */
export async function loadFigureScope(deps: FigureDeps, workspaceId: string): Promise<{ ok: true; scope: FigureScope } | { ok: false; error: string }> {
  const connection = await findLiveConnection(deps.db, workspaceId);
  if (!connection) return { ok: false, error: NOT_CONNECTED_MESSAGE };
  const [tracked, progress] = await Promise.all([listTrackedApps(deps.db, connection.id), listImportProgress(deps.db, connection.id)]);
  if (tracked.length === 0) return { ok: false, error: NO_APPS_MESSAGE };
  const state = importState(progress, tracked.length * 2);
  const notes = state.complete
    ? []
    : [state.fraction === null ? 'Importing history — figures so far.' : `Importing history: ${formatPercent(state.fraction)} — figures so far.`];
  return { ok: true, scope: { connection, tracked, now: deps.clock.now(), timeZone: connection.timeZone, notes } };
}

/** "All apps", or the picked app's name. */
export function scopeLabel(apps: readonly TrackedApp[], tracked: readonly TrackedApp[]): string {
  if (apps.length === 1 && (tracked.length > 1 || apps[0]!.name)) return apps[0]!.name || `App ${apps[0]!.appId}`;
  return apps.length === tracked.length ? (tracked.length === 1 ? tracked[0]!.name : 'All apps') : apps.map((a) => a.name).join(', ');
}
