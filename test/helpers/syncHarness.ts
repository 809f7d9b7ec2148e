import { randomBytes } from 'node:crypto';
import { createTokenCipher, type TokenCipher } from '../../src/crypto/tokenCipher.ts';
import type { AppEvent } from '../../src/domain/appEvent.ts';
import { trailingNumber } from '../../src/domain/ids.ts';
import type { Clock } from '../../src/clock.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { createPartnerClient, type PartnerClientDeps } from '../../src/partner/client.ts';
import { createLimiterRegistry } from '../../src/partner/limiter.ts';
import { createSyncWorker, type SyncWorker } from '../../src/scheduler/syncWorker.ts';
import { saveConnection } from '../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { toStoredInstant } from '../../src/storage/typeParsers.ts';
import type { PollLimits } from '../../src/sync/poll.ts';
import { eventsAdapter, transactionsAdapter } from '../../src/sync/streams.ts';
import type { HealthChange } from '../../src/storage/connectionLeases.ts';
import type { SimEvent } from '../fakes/partnerApi/index.ts';

export const ORG_ID = '1234';
export const APP_GID = 'gid://partners/App/4242';
export const PARTNER_TOKEN = 'prtapi_test_token_0001';

export interface SyncHarness {
  worker: SyncWorker;
  cipher: TokenCipher;
  logs: string[];
  healthChanges: Array<{ connectionId: number; change: Exclude<HealthChange, null> }>;
  connectionId: number;
  /** Ticks until no connection is due or running (history imported), or the time runs out. */
  runUntilIdle(timeoutMs?: number): Promise<void>;
  /** Runs one tick and waits for the cycles it started. */
  runOnce(): Promise<void>;
}

export interface HarnessOptions {
  simulatorUrl: string;
  database: DatabaseHandle;
  ratePerSecond?: number;
  pollIntervalMs?: number;
  importSliceMs?: number;
  client?: Partial<PartnerClientDeps>;
  alertsChannelId?: string | null;
  alertsFrom?: Date;
  owner?: string;
  /** Reuse an existing connection (a second process on the same database). */
  connectionId?: number;
  cipher?: TokenCipher;
  logger?: Logger;
  clock?: Clock;
  pollLimits?: Partial<PollLimits>;
}

export async function createSyncHarness(options: HarnessOptions): Promise<SyncHarness> {
  const logs: string[] = [];
  const logger = options.logger ?? createLogger({ level: 'debug', sink: (l) => logs.push(l) });
  const cipher = options.cipher ?? createTokenCipher(randomBytes(32));
  const db = options.database.db;
  const connectionId =
    options.connectionId ??
    (
      await db.transaction().execute((trx) =>
        saveConnection(trx, cipher, {
          workspaceId: 'T1', organizationId: ORG_ID, token: PARTNER_TOKEN, connectedByUserId: 'U1', timeZone: 'UTC',
          alertsChannelId: options.alertsChannelId === undefined ? 'C_ALERTS' : options.alertsChannelId,
          digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [{ appId: trailingNumber(APP_GID), name: 'Test App' }],
        }, options.alertsFrom ?? new Date()),
      )
    ).id;
  const rate = options.ratePerSecond ?? 50;
  const client = createPartnerClient({
    apiUrl: options.simulatorUrl,
    apiVersion: '2026-10',
    limiters: createLimiterRegistry(rate),
    timeoutMs: 500,
    maxRetries: 6,
    backoffBaseMs: 5,
    backoffCapMs: 50,
    throttleWaitMs: 100,
    logger,
    ...options.client,
  });
  const healthChanges: SyncHarness['healthChanges'] = [];
  const worker = createSyncWorker(
    {
      db,
      cipher,
      clock: options.clock ?? { now: () => new Date() },
      logger,
      adapters: [eventsAdapter(client), transactionsAdapter(client)],
      pollIntervalMs: options.pollIntervalMs ?? 60_000,
      errorAfterFailures: 5,
      onHealthChange: async (id, change) => void healthChanges.push({ connectionId: id, change }),
      ...(options.pollLimits ? { pollLimits: options.pollLimits } : {}),
      ...(options.importSliceMs ? { importSliceMs: options.importSliceMs } : {}),
    },
    { ...(options.owner ? { owner: options.owner } : {}) },
  );
  return {
    worker,
    cipher,
    logs,
    healthChanges,
    connectionId,
    async runOnce() {
      await worker.tick();
      await worker.idle();
    },
    async runUntilIdle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await worker.tick();
        await worker.idle();
        const pending = await db
          .selectFrom('sync_progress')
          .select('backfill_complete')
          .where('connection_id', '=', connectionId)
          .where('backfill_complete', '=', false)
          .execute();
        const progressRows = await db.selectFrom('sync_progress').select('app_id').where('connection_id', '=', connectionId).execute();
        if (progressRows.length > 0 && pending.length === 0) return;
        if (Date.now() > deadline) throw new Error('sync did not finish in time');
      }
    },
  };
}

/** Identity of a simulator event, in the form partnerbot stores it (METRICS.md "Inputs"). */
export function simEventIdentity(e: SimEvent): string {
  return [trailingNumber(e.appId), trailingNumber(e.shopId), e.type, toStoredInstant(e.occurredAt), e.charge ? trailingNumber(e.charge.id) : ''].join('|');
}

export function storedEventIdentity(e: Pick<AppEvent, 'appId' | 'shopId' | 'type' | 'occurredAt'> & { chargeId: string | null }): string {
  return [e.appId, e.shopId, e.type, toStoredInstant(e.occurredAt), e.chargeId ?? ''].join('|');
}

export async function storedIdentities(database: DatabaseHandle, connectionId: number): Promise<{ events: string[]; transactions: string[] }> {
  const events = await database.db
    .selectFrom('app_events')
    .select(['app_id', 'shop_id', 'type', 'occurred_at', 'charge_id'])
    .where('connection_id', '=', connectionId)
    .execute();
  const transactions = await database.db.selectFrom('transactions').select('id').where('connection_id', '=', connectionId).execute();
  return {
    events: events.map((e) => [e.app_id, e.shop_id, e.type, e.occurred_at, e.charge_id].join('|')).sort(),
    transactions: transactions.map((t) => t.id).sort(),
  };
}
