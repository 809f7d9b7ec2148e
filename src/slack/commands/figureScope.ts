import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { PartnerConnection, TrackedApp } from '../../domain/connection.ts';
import { findLiveConnection, listTrackedApps } from '../../storage/connections.ts';
import { listImportProgress } from '../../storage/importProgress.ts';
import type { Database } from '../../storage/schema.ts';
import type { FigureMessage } from '../figures/figureBlocks.ts';
import { formatPercent, importState } from '../home/importProgress.ts';
import type { CommandContext } from './partnerCommand.ts';

export interface FigureDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/** What every figure command needs before it can answer: the connection, its apps, now, and notes. */
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

/** The scope, or null after telling the user what to do (not connected, no apps). */
export async function loadFigureScope(deps: FigureDeps, ctx: CommandContext): Promise<FigureScope | null> {
  const connection = await findLiveConnection(deps.db, ctx.workspaceId);
  if (!connection) {
    await ctx.respond({ response_type: 'ephemeral', text: NOT_CONNECTED_MESSAGE });
    return null;
  }
  const [tracked, progress] = await Promise.all([listTrackedApps(deps.db, connection.id), listImportProgress(deps.db, connection.id)]);
  if (tracked.length === 0) {
    await ctx.respond({ response_type: 'ephemeral', text: 'No apps are tracked yet. An admin can add App IDs with `/partner connect`.' });
    return null;
  }
  const state = importState(progress, tracked.length * 2);
  const notes = state.complete
    ? []
    : [state.fraction === null ? 'Importing history — figures so far.' : `Importing history: ${formatPercent(state.fraction)} — figures so far.`];
  return { connection, tracked, now: deps.clock.now(), timeZone: connection.timeZone, notes };
}

/** "All apps", or the picked app's name. */
export function scopeLabel(apps: readonly TrackedApp[], tracked: readonly TrackedApp[]): string {
  if (apps.length === 1 && (tracked.length > 1 || apps[0]!.name)) return apps[0]!.name || `App ${apps[0]!.appId}`;
  return apps.length === tracked.length ? (tracked.length === 1 ? tracked[0]!.name : 'All apps') : apps.map((a) => a.name).join(', ');
}

export async function replyWith(ctx: CommandContext, message: FigureMessage): Promise<void> {
  await ctx.respond({ response_type: ctx.isPublic ? 'in_channel' : 'ephemeral', text: message.text, blocks: message.blocks });
}

export async function replyError(ctx: CommandContext, text: string): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', text });
}
