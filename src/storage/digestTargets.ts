import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A connected workspace as the digest sees it. */
export interface DigestTarget {
  connectionId: number;
  workspaceId: string;
  timeZone: string;
  weekday: number;
  hour: number;
  /** The digest channel, else the alerts channel; null = nowhere to post. */
  channelId: string | null;
  /** No scheduled digest is due for a slot that passed before the workspace connected. */
  connectedAt: string;
}

/** Every live (not disconnected) connection, or one workspace's. */
export async function listDigestTargets(db: Kysely<Database>, workspaceId?: string): Promise<DigestTarget[]> {
  let query = db
    .selectFrom('partner_connections')
    .select(['id', 'workspace_id', 'time_zone', 'digest_weekday', 'digest_hour', 'digest_channel_id', 'alerts_channel_id', 'created_at'])
    .where('status', '<>', 'disconnected');
  if (workspaceId !== undefined) query = query.where('workspace_id', '=', workspaceId);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    connectionId: r.id,
    workspaceId: r.workspace_id,
    timeZone: r.time_zone,
    weekday: r.digest_weekday,
    hour: r.digest_hour,
    channelId: r.digest_channel_id ?? r.alerts_channel_id,
    connectedAt: r.created_at,
  }));
}
