import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { toStoredInstant } from './typeParsers.ts';

import type { SummaryCadence } from './digestTargets.ts';

/** One workspace's summary of one period (digests_sent's primary key). */
export interface DigestKey {
  workspaceId: string;
  cadence: SummaryCadence;
  /** The reported period's first local date, YYYY-MM-DD (a week's Monday, a month's 1st). */
  periodStart: string;
}

export interface DigestClaim extends DigestKey {
  /** 1 for a fresh claim; more when an expired claim was taken over (check Slack before re-posting). */
  attempts: number;
}

/** 'done': sent, or skipped by choice (a daily summary of a day when nothing happened). */
export type DigestRowState = { status: 'done' } | { status: 'claimed'; claimedUntil: string | null };

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
    .values({ workspace_id: key.workspaceId, cadence: key.cadence, period_start: key.periodStart, connection_id: key.connectionId, status: 'claimed', claimed_by: owner, claimed_until: until })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'cadence', 'period_start'])
        .doUpdateSet({ claimed_by: owner, claimed_until: until, connection_id: key.connectionId, attempts: sql<number>`digests_sent.attempts + 1` })
        .where('digests_sent.status', '=', 'claimed')
        .where((eb) => eb.or([eb('digests_sent.claimed_until', 'is', null), eb('digests_sent.claimed_until', '<=', toStoredInstant(now))])),
    )
    .returning(['attempts'])
    .executeTakeFirst();
  return row ? { workspaceId: key.workspaceId, cadence: key.cadence, periodStart: key.periodStart, attempts: row.attempts } : null;
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

/** Not posted by the workspace's choice (nothing happened that day): done, like a sent one. */
export async function markDigestSkipped(db: Kysely<Database>, key: DigestKey, owner: string, now: Date): Promise<boolean> {
  const result = await ownClaim(
    db.updateTable('digests_sent').set({ status: 'skipped', sent_at: now, claimed_until: null, last_error: null }),
    key,
    owner,
  ).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Not posted: anyone may claim it again from `retryAt` (still only within its period). */
export async function releaseDigest(db: Kysely<Database>, key: DigestKey, owner: string, retryAt: Date, error: string): Promise<void> {
  await ownClaim(db.updateTable('digests_sent').set({ claimed_until: retryAt, last_error: error.slice(0, 500) }), key, owner).execute();
}

export async function recordDigestChart(db: Kysely<Database>, key: DigestKey, fileId: string): Promise<void> {
  await ownKey(db.updateTable('digests_sent').set({ chart_file_id: fileId }), key).execute();
}

/** The rows of these summaries, keyed by digestKeyString; missing = never claimed. */
export async function digestStates(db: Kysely<Database>, keys: readonly DigestKey[]): Promise<Map<string, DigestRowState>> {
  const states = new Map<string, DigestRowState>();
  if (keys.length === 0) return states;
  const rows = await db
    .selectFrom('digests_sent')
    .select(['workspace_id', 'cadence', sql<string>`period_start::text`.as('period_start'), 'status', 'claimed_until'])
    .where('workspace_id', 'in', [...new Set(keys.map((k) => k.workspaceId))])
    .where(sql<string>`period_start::text`, 'in', [...new Set(keys.map((k) => k.periodStart))])
    .execute();
  for (const r of rows) {
    states.set(digestKeyString({ workspaceId: r.workspace_id, cadence: r.cadence, periodStart: r.period_start }), r.status === 'claimed' ? { status: 'claimed', claimedUntil: r.claimed_until } : { status: 'done' });
  }
  return states;
}

/**
 * The latest period each of these workspaces has a row for, per cadence, keyed `${workspaceId}/${cadence}`:
 * a period older than it is never sent (a workspace that moved to a zone behind its old one).
 */
export async function latestPeriods(db: Kysely<Database>, workspaceIds: readonly string[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  if (workspaceIds.length === 0) return latest;
  const rows = await db
    .selectFrom('digests_sent')
    .select(['workspace_id', 'cadence', sql<string>`max(period_start)::text`.as('period_start')])
    .where('workspace_id', 'in', [...new Set(workspaceIds)])
    .groupBy(['workspace_id', 'cadence'])
    .execute();
  for (const r of rows) latest.set(`${r.workspace_id}/${r.cadence}`, r.period_start);
  return latest;
}

export function digestKeyString(key: DigestKey): string {
  return `${key.workspaceId}/${key.cadence}/${key.periodStart}`;
}

/** The last period sent of each cadence of a workspace (for `/partner digest` and the Home tab). */
export async function lastSentSummaries(db: Kysely<Database>, workspaceId: string): Promise<Map<SummaryCadence, { periodStart: string }>> {
  const rows = await db
    .selectFrom('digests_sent')
    .select(['cadence', sql<string>`max(period_start)::text`.as('period_start')])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'sent')
    .groupBy('cadence')
    .execute();
  return new Map(rows.map((r) => [r.cadence, { periodStart: r.period_start }]));
}

function ownKey<Q extends { where: (...args: any[]) => Q }>(query: Q, key: DigestKey): Q {
  return query.where('workspace_id', '=', key.workspaceId).where('cadence', '=', key.cadence).where('period_start', '=', key.periodStart);
}

function ownClaim<Q extends { where: (...args: any[]) => Q }>(query: Q, key: DigestKey, owner: string): Q {
  return ownKey(query, key)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', owner);
}
