import type { Kysely } from 'kysely';
import type { Clock } from '../../../src/clock.ts';
import { limitConcurrency } from '../../../src/digest/concurrency.ts';
import type { DigestDeps } from '../../../src/digest/digestDeps.ts';
import { createDigestSlackClients } from '../../../src/digest/digestSlack.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Database } from '../../../src/storage/schema.ts';
import { renderRevenueChartPng } from '../../../src/digest/chart/png.ts';
import { generateDataSet } from '../../fakes/partnerApi/index.ts';
import { FAKE_APP_ID, FAKE_BOT_ID, type FakeSlack, type HistoryMessage } from '../../helpers/fakeSlack.ts';
import { ingestLikeBackfill } from '../../helpers/figureData.ts';
import { toDomain, type DomainData } from '../../helpers/simDomain.ts';

export const tokenOf = (workspaceId: string) => `xoxb-digest-${workspaceId}`;

/** A settable clock: tests move it across the schedule. */
export function fakeClock(at: string): Clock & { set(at: string): void } {
  let now = new Date(at);
  return { now: () => new Date(now.getTime()), set: (next) => void (now = new Date(next)) };
}

/** Digest dependencies against the fake Slack: one bot token per workspace, sleeps recorded, not waited. */
export function digestDeps(db: Kysely<Database>, fake: FakeSlack, clock: Clock, logs: string[] = []): DigestDeps & { slept: number[] } {
  const slept: number[] = [];
  return {
    db,
    clock,
    logger: createLogger({ level: 'debug', sink: (line) => logs.push(line) }),
    slackFor: createDigestSlackClients(fake.apiUrl, async (workspaceId) => tokenOf(workspaceId)),
    // The fake stamps every bot message with these, whichever token posted it.
    botIdentityFor: async () => ({ botId: FAKE_BOT_ID, appId: FAKE_APP_ID }),
    renderChart: limitConcurrency(renderRevenueChartPng, 4),
    sleep: async (ms) => void slept.push(ms),
    slept,
  };
}

export interface WorkspaceSetup {
  workspaceId: string;
  timeZone?: string;
  weekday?: number;
  hour?: number;
  channelId?: string;
  apps?: Array<{ appId: string; name: string }>;
  /** The Partner organization id; default `org-<workspace>` (not numeric: no Partner Dashboard links). */
  organizationId?: string;
  /** Connected at (created_at); default long before any slot the tests use. */
  connectedAt?: string;
}

/** A connected workspace with tracked apps and a channel (no token: nothing syncs it). */
export async function createWorkspace(db: Kysely<Database>, setup: WorkspaceSetup): Promise<number> {
  const row = await db
    .insertInto('partner_connections')
    .values({
      workspace_id: setup.workspaceId,
      organization_id: setup.organizationId ?? `org-${setup.workspaceId}`,
      connected_by_user_id: 'U1',
      time_zone: setup.timeZone ?? 'UTC',
      alerts_channel_id: setup.channelId ?? `C${setup.workspaceId}`,
      digest_weekday: setup.weekday ?? 1,
      digest_hour: setup.hour ?? 9,
      alert_settings: '{}',
      created_at: setup.connectedAt ?? '2024-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const apps = setup.apps ?? [{ appId: '4242', name: `App of ${setup.workspaceId}` }];
  await db.insertInto('tracked_apps').values(apps.map((a) => ({ connection_id: row.id, app_id: a.appId, name: a.name }))).execute();
  // History imported: no "still importing" note.
  await db
    .insertInto('sync_progress')
    .values(apps.flatMap((a) => (['events', 'transactions'] as const).map((stream) => ({ connection_id: row.id, app_id: a.appId, stream, backfill_complete: true }))))
    .execute();
  return row.id;
}

/** A generated history for the given apps (ids moved apart so apps never share charges). */
export function history(apps: string[], seed: number, targetEvents: number, start = '2025-09-01T00:00:00Z', end = '2026-04-01T00:00:00Z'): DomainData {
  const all = apps.map((appId, i) => {
    const data = generateDataSet({ appId: `gid://partners/App/${appId}`, seed: seed + i, targetEvents, start, end, firstShopNumber: 500 });
    const moved = (gid: string) => gid.replace(/(\d+)$/, (n) => String(Number(n) + i * 50_000_000));
    return {
      shops: data.shops,
      events: data.events.map((e) => (e.charge ? { ...e, charge: { ...e.charge, id: moved(e.charge.id) } } : e)),
      transactions: data.transactions.map((t) => ({ ...t, id: moved(t.id), chargeId: t.chargeId ? moved(t.chargeId) : null })),
    };
  });
  return toDomain({ shops: all.flatMap((d) => d.shops), events: all.flatMap((d) => d.events), transactions: all.flatMap((d) => d.transactions) });
}

export async function load(db: Kysely<Database>, connectionId: number, data: DomainData): Promise<void> {
  await ingestLikeBackfill(db, connectionId, data.events, data.transactions);
}

/**
 * conversations.history from what the fake accepted, metadata, bot_id and app_id included (as with
 * include_all_metadata), newest first, plus `others`: messages someone else posted (a test may add more).
 */
export function serveHistory(fake: FakeSlack, others: HistoryMessage[] = []): void {
  fake.script('conversations.history', ({ args }) => ({
    messages: fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === args.channel && c.response.ok === true)
      .reverse()
      .map((c): HistoryMessage => {
        const { ts, message } = c.response as { ts: string; message: { bot_id?: string; app_id?: string } };
        return { type: 'message', ts, text: c.args.text, metadata: c.args.metadata, bot_id: message.bot_id, app_id: message.app_id };
      })
      .concat(others)
      .sort((a, b) => Number(b.ts) - Number(a.ts)),
    has_more: false,
  }));
}

export const digestPosts = (fake: FakeSlack) => fake.callsTo('chat.postMessage').filter((c) => c.response.ok === true);
