import type { Kysely } from 'kysely';
import { databaseAnswers } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { listTokenFailures } from '../storage/slackTokenFailures.ts';

export interface HealthReport {
  status: 200 | 503;
  body: {
    ok: boolean;
    database: 'ok' | 'unreachable';
    slack: { ok: true } | { ok: false; tokenRefused: { teamId: string; error: string; since: string }[] };
  };
}

/**
 * What GET /healthz answers. The database not answering is 503. A bot token Slack refuses is listed
 * (alerts wait meanwhile, nothing is forgotten); it makes the answer 503 only in the single-workspace
 * modes, where that one token is the app's whole Slack side and only the operator can fix it. With
 * OAuth, one workspace's token is that workspace's problem, not the service's.
 */
export async function healthReport(db: Kysely<Database>, singleWorkspace: boolean): Promise<HealthReport> {
  const databaseOk = await databaseAnswers(db).catch(() => false);
  if (!databaseOk) return { status: 503, body: { ok: false, database: 'unreachable', slack: { ok: true } } };
  const refused = await listTokenFailures(db);
  if (refused.length === 0) return { status: 200, body: { ok: true, database: 'ok', slack: { ok: true } } };
  const slack = { ok: false as const, tokenRefused: refused.map((f) => ({ teamId: f.workspaceId, error: f.error, since: f.since })) };
  return singleWorkspace
    ? { status: 503, body: { ok: false, database: 'ok', slack } }
    : { status: 200, body: { ok: true, database: 'ok', slack } };
}
