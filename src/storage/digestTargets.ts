import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type SummaryCadence = 'daily' | 'weekly' | 'monthly';

/** One cadence's settings for a workspace. */
export interface SummarySetting {
  on: boolean;
  /** Where it goes: its own channel, else the digest channel, else the alerts channel; null = nowhere. */
  channelId: string | null;
  /** The channel chosen for this cadence itself (null = the default above). */
  ownChannelId: string | null;
  hour: number;
  /** Weekly only: 1 = Monday ... 7 = Sunday. */
  weekday?: number;
  /** When it was last turned on; a slot that passed before is not due. Null = since connecting. */
  since: string | null;
  /** Daily only: a day when nothing happened is skipped instead of saying so. */
  skipEmpty?: boolean;
}

/** A connected workspace as the summaries see it. The top-level weekday/hour/channel are the weekly one's. */
export interface DigestTarget {
  connectionId: number;
  workspaceId: string;
  timeZone: string;
  weekday: number;
  hour: number;
  /** The digest channel, else the alerts channel; null = nowhere to post. */
  channelId: string | null;
  /** No scheduled summary is due for a slot that passed before the workspace connected. */
  connectedAt: string;
  summaries: Record<SummaryCadence, SummarySetting>;
}

/** Every live (not disconnected) connection, or one workspace's. */
export async function listDigestTargets(db: Kysely<Database>, workspaceId?: string): Promise<DigestTarget[]> {
  let query = db
    .selectFrom('partner_connections')
    .select([
      'id', 'workspace_id', 'time_zone', 'digest_weekday', 'digest_hour', 'digest_channel_id', 'alerts_channel_id', 'created_at',
      'weekly_summary_on', 'weekly_summary_since',
      'daily_summary_on', 'daily_summary_channel_id', 'daily_summary_hour', 'daily_summary_since', 'daily_summary_skip_empty',
      'monthly_summary_on', 'monthly_summary_channel_id', 'monthly_summary_hour', 'monthly_summary_since',
    ])
    .where('status', '<>', 'disconnected');
  if (workspaceId !== undefined) query = query.where('workspace_id', '=', workspaceId);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => {
    const fallback = r.digest_channel_id ?? r.alerts_channel_id;
    return {
      connectionId: r.id,
      workspaceId: r.workspace_id,
      timeZone: r.time_zone,
      weekday: r.digest_weekday,
      hour: r.digest_hour,
      channelId: fallback,
      connectedAt: r.created_at,
      summaries: {
        daily: { on: r.daily_summary_on, channelId: r.daily_summary_channel_id ?? fallback, ownChannelId: r.daily_summary_channel_id, hour: r.daily_summary_hour, since: r.daily_summary_since, skipEmpty: r.daily_summary_skip_empty },
        weekly: { on: r.weekly_summary_on, channelId: fallback, ownChannelId: r.digest_channel_id, hour: r.digest_hour, weekday: r.digest_weekday, since: r.weekly_summary_since },
        monthly: { on: r.monthly_summary_on, channelId: r.monthly_summary_channel_id ?? fallback, ownChannelId: r.monthly_summary_channel_id, hour: r.monthly_summary_hour, since: r.monthly_summary_since },
      },
    };
  });
}

/** What a settings change may set; what is left out stays as it is. */
export interface SummaryChange {
  on: boolean;
  /** A channel id, or null for the default (the digest channel, else the alerts channel). */
  channelId?: string | null;
  hour?: number;
  /** Weekly only. */
  weekday?: number;
  /** Daily only. */
  skipEmpty?: boolean;
}

/**
 * Turns a cadence on or off, with its channel and local hour when given (the weekly one's are the
 * digest channel and hour the connect modal edits). Turning one on that was off records `since`.
 */
export async function setSummarySetting(
  db: Kysely<Database>,
  connectionId: number,
  cadence: SummaryCadence,
  change: SummaryChange,
  now: Date,
): Promise<void> {
  const columns = SUMMARY_COLUMNS[cadence];
  const current = await db.selectFrom('partner_connections').select(columns.on).where('id', '=', connectionId).executeTakeFirst();
  if (!current) return;
  const wasOn = (current as Record<string, boolean>)[columns.on];
  const set: Record<string, unknown> = { [columns.on]: change.on };
  if (change.on && !wasOn) set[columns.since] = now;
  if (change.channelId !== undefined) set[columns.channel] = change.channelId;
  if (change.hour !== undefined) set[columns.hour] = change.hour;
  if (change.weekday !== undefined && cadence === 'weekly') set.digest_weekday = change.weekday;
  if (change.skipEmpty !== undefined && cadence === 'daily') set.daily_summary_skip_empty = change.skipEmpty;
  await db.updateTable('partner_connections').set(set).where('id', '=', connectionId).execute();
}

const SUMMARY_COLUMNS = {
  daily: { on: 'daily_summary_on', since: 'daily_summary_since', channel: 'daily_summary_channel_id', hour: 'daily_summary_hour' },
  weekly: { on: 'weekly_summary_on', since: 'weekly_summary_since', channel: 'digest_channel_id', hour: 'digest_hour' },
  monthly: { on: 'monthly_summary_on', since: 'monthly_summary_since', channel: 'monthly_summary_channel_id', hour: 'monthly_summary_hour' },
} as const;
