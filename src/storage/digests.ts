import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { toStoredInstant } from './typeParsers.ts';

/** One workspace's digest of one week (digests_sent's primary key). */
export interface DigestKey {
  workspaceId: string;
  /** The reported week's Monday, YYYY-MM-DD. */
  weekStart: string;
}

export interface DigestClaim extends DigestKey {
  /** 1 for a fresh claim; more when an expired claim was taken over (check Slack before re-posting). */
  attempts: number;
}

export type DigestRowState = { status: 'sent' } | { status: 'claimed'; claimedUntil: string | null };

/**
 * Claims a digest: inserts its row, or takes over a claim whose lease expired. The primary key
 * decides between processes; null when the digest is sent or someone else holds a live claim.
 */
export async function claimDigest(
  db: Kysely<Database>,
  key: DigestKey & { connectionId: number },
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<DigestClaim | null> {
  const until = new Date(now.getTime() + leaseMs);
  const row = await db
    .insertInto('digests_sent')
    .values({ workspace_id: key.workspaceId, week_start: key.weekStart, connection_id: key.connectionId, status: 'claimed', claimed_by: owner, claimed_until: until })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'week_start'])
        .doUpdateSet({ claimed_by: owner, claimed_until: until, connection_id: key.connectionId, attempts: sql<number>`digests_sent.attempts + 1` })
        .where('digests_sent.status', '=', 'claimed')
        .where((eb) => eb.or([eb('digests_sent.claimed_until', 'is', null), eb('digests_sent.claimed_until', '<=', toStoredInstant(now))])),
    )
    .returning(['attempts'])
    .executeTakeFirst();
  return row ? { workspaceId: key.workspaceId, weekStart: key.weekStart, attempts: row.attempts } : null;
}

/** Keeps a claim while a digest waits out a rate limit. False when the claim was lost. */
export async function renewDigestClaim(db: Kysely<Database>, key: DigestKey, owner: string, until: Date): Promise<boolean> {
  const result = await ownClaim(db.updateTable('digests_sent').set({ claimed_until: until }), key, owner).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Slack accepted the message. False when the claim had been lost meanwhile (the lease was too short). */
export async function markDigestSent(db: Kysely<Database>, key: DigestKey, owner: string, slackTs: string, now: Date): Promise<boolean> {
  const result = await ownClaim(
    db.updateTable('digests_sent').set({ status: 'sent', slack_ts: slackTs, sent_at: now, claimed_until: null, last_error: null }),
    key,
    owner,
  ).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Not posted: anyone may claim it again from `retryAt` (still only within its week). */
export async function releaseDigest(db: Kysely<Database>, key: DigestKey, owner: string, retryAt: Date, error: string): Promise<void> {
  await ownClaim(db.updateTable('digests_sent').set({ claimed_until: retryAt, last_error: error.slice(0, 500) }), key, owner).execute();
}

export async function recordDigestChart(db: Kysely<Database>, key: DigestKey, fileId: string): Promise<void> {
  await db.updateTable('digests_sent').set({ chart_file_id: fileId }).where('workspace_id', '=', key.workspaceId).where('week_start', '=', key.weekStart).execute();
}

/** The rows of these digests, keyed `${workspaceId}/${weekStart}`; missing = never claimed. */
export async function digestStates(db: Kysely<Database>, keys: readonly DigestKey[]): Promise<Map<string, DigestRowState>> {
  const states = new Map<string, DigestRowState>();
  if (keys.length === 0) return states;
  const weeks = [...new Set(keys.map((k) => k.weekStart))];
  const rows = await db
    .selectFrom('digests_sent')
    .select(['workspace_id', sql<string>`week_start::text`.as('week_start'), 'status', 'claimed_until'])
    .where('workspace_id', 'in', [...new Set(keys.map((k) => k.workspaceId))])
    .where(sql<string>`week_start::text`, 'in', weeks)
    .execute();
  for (const r of rows) {
    states.set(digestKeyString({ workspaceId: r.workspace_id, weekStart: r.week_start }), r.status === 'sent' ? { status: 'sent' } : { status: 'claimed', claimedUntil: r.claimed_until });
  }
  return states;
}

export function digestKeyString(key: DigestKey): string {
  return `${key.workspaceId}/${key.weekStart}`;
}

/** The last sent digest of a workspace (for `/partner digest`). */
export async function lastSentDigest(db: Kysely<Database>, workspaceId: string): Promise<{ weekStart: string; sentAt: string | null } | null> {
  const row = await db
    .selectFrom('digests_sent')
    .select([sql<string>`week_start::text`.as('week_start'), 'sent_at'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'sent')
    .orderBy('week_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { weekStart: row.week_start, sentAt: row.sent_at } : null;
}

function ownClaim<Q extends { where: (...args: any[]) => Q }>(query: Q, key: DigestKey, owner: string): Q {
  return query
    .where('workspace_id', '=', key.workspaceId)
    .where('week_start', '=', key.weekStart)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', owner);
}
