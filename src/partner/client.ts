import type { AppEvent, AppEventType } from '../domain/appEvent.ts';
import { appGid, trailingNumber } from '../domain/ids.ts';
import type { AppTransaction } from '../domain/transaction.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { APP_QUERY } from './documents/app.graphql.ts';
import { APP_EVENTS_QUERY } from './documents/appEvents.graphql.ts';
import { FINANCIALS_PROBE_QUERY } from './documents/financialsProbe.graphql.ts';
import { OLDEST_EVENT_QUERY } from './documents/oldestEvent.graphql.ts';
import { OLDEST_TRANSACTION_QUERY } from './documents/oldestTransaction.graphql.ts';
import { TRANSACTIONS_QUERY } from './documents/transactions.graphql.ts';
import type { LimiterRegistry } from './limiter.ts';
import { parseAppEvent } from './parseEvents.ts';
import { boundedName } from './boundedText.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from './cappedBody.ts';
import { asRecord, asString } from './parseMoney.ts';
import { parseAppTransaction } from './parseTransactions.ts';
import { PartnerApiError } from './partnerErrors.ts';
import { executeWithRetry, type Credentials, type FetchLike, type TransportDeps } from './transport.ts';

export type { Credentials } from './transport.ts';

export interface PartnerClientDeps {
  /** e.g. https://partners.shopify.com (no trailing path). */
  apiUrl: string;
  apiVersion: string;
  limiters: LimiterRegistry;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Cap on one answer's body; default 10 MB. */
  maxResponseBytes?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  throttleWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  logger?: Logger;
  /** Counts every HTTP attempt by operation and outcome. */
  metrics?: Pick<Metrics, 'partnerApiCalls'>;
}

/** Page size cap: the legacy connections document no maximum, public code stays at ≤ 100. */
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  /** Every node as sent, including ones that could not be parsed (kept, never crashed on). */
  rawNodes: unknown[];
  /** Per-edge cursors, same order as rawNodes (newest first). Pagination-only, not identities. */
  cursors: string[];
  hasNextPage: boolean;
  lastCursor: string | null;
}

export interface EventsPage extends Omit<Page<AppEvent>, 'items'> {
  events: AppEvent[];
  /** Each parsed event with the node it came from, newest first. */
  records: Array<{ event: AppEvent; raw: unknown }>;
}

export interface TransactionsPage extends Omit<Page<AppTransaction>, 'items'> {
  transactions: AppTransaction[];
  /** Each parsed transaction with the node it came from, newest first. */
  records: Array<{ transaction: AppTransaction; raw: unknown }>;
}

export interface EventsPageRequest {
  appId: string;
  after?: string | null;
  occurredAtMin?: string | null;
  occurredAtMax?: string | null;
  types?: readonly AppEventType[] | null;
  first?: number;
}

export interface TransactionsPageRequest {
  appId: string;
  after?: string | null;
  createdAtMin?: string | null;
  createdAtMax?: string | null;
  first?: number;
}

export interface PartnerClient {
  /** One page of `app(id).events`, newest first. Throws partner_app_not_found when `app` is null. */
  fetchEventsPage(creds: Credentials, request: EventsPageRequest): Promise<EventsPage>;
  /** One page of the app's APP_* transactions, newest first. */
  fetchTransactionsPage(creds: Credentials, request: TransactionsPageRequest): Promise<TransactionsPage>;
  /** The app as this token sees it; null when it does not exist or belongs to another organization. */
  fetchApp(creds: Credentials, appId: string): Promise<{ id: string; name: string; apiKey: string | null } | null>;
  /** True when the token may read transactions ("View financials"); false when denied. */
  checkFinancialsAccess(creds: Credentials): Promise<boolean>;
  /** When the app's oldest event or transaction happened; null when it has none. */
  fetchOldestInstant(creds: Credentials, appId: string, stream: 'events' | 'transactions'): Promise<string | null>;
}

const MANAGE_APPS = 'Manage apps';
const VIEW_FINANCIALS = 'View financials';

function toAppGid(appId: string): string {
  return appId.startsWith('gid://') ? appId : appGid(trailingNumber(appId));
}

function pageSize(first: number | undefined): number {
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(first ?? MAX_PAGE_SIZE)));
}

function readConnection(connection: unknown): { nodes: unknown[]; cursors: string[]; hasNextPage: boolean } {
  const record = asRecord(connection);
  const edges = Array.isArray(record?.edges) ? record.edges : [];
  const nodes: unknown[] = [];
  const cursors: string[] = [];
  for (const edge of edges) {
    const edgeRecord = asRecord(edge);
    nodes.push(edgeRecord?.node ?? null);
    cursors.push(asString(edgeRecord?.cursor) ?? '');
  }
  return { nodes, cursors, hasNextPage: asRecord(record?.pageInfo)?.hasNextPage === true };
}

export function createPartnerClient(deps: PartnerClientDeps): PartnerClient {
  const transport: TransportDeps = {
    apiUrl: deps.apiUrl,
    apiVersion: deps.apiVersion,
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: deps.timeoutMs ?? 15_000,
    maxResponseBytes: deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxRetries: deps.maxRetries ?? 4,
    backoffBaseMs: deps.backoffBaseMs ?? 500,
    backoffCapMs: deps.backoffCapMs ?? 20_000,
    throttleWaitMs: deps.throttleWaitMs ?? 1_000,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
    now: deps.now ?? Date.now,
    logger: deps.logger,
    metrics: deps.metrics,
  };
  const run = (creds: Credentials, operation: string, permission: string, document: string, variables: Record<string, unknown>) =>
    executeWithRetry(transport, deps.limiters.limiterFor(creds.token), creds, { operation, permission, document, variables });

  const warnUnparsed = (operation: string, creds: Credentials, count: number) => {
    if (count > 0) deps.logger?.warn('partner nodes skipped: missing required fields', { operation, orgId: creds.orgId, count });
  };

  return {
    async fetchEventsPage(creds, request) {
      const appId = toAppGid(request.appId);
      const data = await run(creds, 'appEvents', MANAGE_APPS, APP_EVENTS_QUERY, {
        appId,
        first: pageSize(request.first),
        after: request.after ?? null,
        occurredAtMin: request.occurredAtMin ?? null,
        occurredAtMax: request.occurredAtMax ?? null,
        types: request.types && request.types.length > 0 ? request.types : null,
      });
      const app = asRecord(data.app);
      if (!app) throw appNotFound(creds, 'appEvents', appId);
      const numericAppId = trailingNumber(asString(app.id) ?? appId);
      const { nodes, cursors, hasNextPage } = readConnection(app.events);
      const records = nodes.flatMap((raw) => {
        const event = parseAppEvent(raw, numericAppId);
        return event ? [{ event, raw }] : [];
      });
      warnUnparsed('appEvents', creds, nodes.length - records.length);
      const events = records.map((r) => r.event);
      return { events, records, rawNodes: nodes, cursors, hasNextPage, lastCursor: cursors.at(-1) ?? null };
    },

    async fetchTransactionsPage(creds, request) {
      const appId = toAppGid(request.appId);
      const data = await run(creds, 'transactions', VIEW_FINANCIALS, TRANSACTIONS_QUERY, {
        appId,
        first: pageSize(request.first),
        after: request.after ?? null,
        createdAtMin: request.createdAtMin ?? null,
        createdAtMax: request.createdAtMax ?? null,
      });
      const { nodes, cursors, hasNextPage } = readConnection(data.transactions);
      const fallbackAppId = trailingNumber(appId);
      const records = nodes.flatMap((raw) => {
        const transaction = parseAppTransaction(raw, fallbackAppId);
        return transaction ? [{ transaction, raw }] : [];
      });
      warnUnparsed('transactions', creds, nodes.length - records.length);
      const transactions = records.map((r) => r.transaction);
      return { transactions, records, rawNodes: nodes, cursors, hasNextPage, lastCursor: cursors.at(-1) ?? null };
    },

    async fetchApp(creds, appId) {
      const data = await run(creds, 'app', MANAGE_APPS, APP_QUERY, { appId: toAppGid(appId) });
      const app = asRecord(data.app);
      if (!app) return null;
      return {
        id: trailingNumber(asString(app.id) ?? appId),
        name: boundedName(asString(app.name)) ?? '',
        apiKey: boundedName(asString(app.apiKey)),
      };
    },

    async checkFinancialsAccess(creds) {
      try {
        await run(creds, 'financialsProbe', VIEW_FINANCIALS, FINANCIALS_PROBE_QUERY, {});
        return true;
      } catch (error) {
        if (error instanceof PartnerApiError && error.code === 'partner_missing_permission') return false;
        throw error;
      }
    },

    async fetchOldestInstant(creds, appId, stream) {
      const variables = { appId: toAppGid(appId) };
      if (stream === 'events') {
        const data = await run(creds, 'oldestEvent', MANAGE_APPS, OLDEST_EVENT_QUERY, variables);
        const app = asRecord(data.app);
        if (!app) throw appNotFound(creds, 'oldestEvent', variables.appId);
        return asString(asRecord(readConnection(app.events).nodes[0])?.occurredAt);
      }
      const data = await run(creds, 'oldestTransaction', VIEW_FINANCIALS, OLDEST_TRANSACTION_QUERY, variables);
      return asString(asRecord(readConnection(data.transactions).nodes[0])?.createdAt);
    },
  };
}

function appNotFound(creds: Credentials, operation: string, appGidValue: string): PartnerApiError {
  const appId = trailingNumber(appGidValue);
  return new PartnerApiError(
    'partner_app_not_found',
    `App ${appId} was not found in Partner organization ${creds.orgId} (query "${operation}"): check the app id ` +
      `(the number in the app's Partner Dashboard URL) and that the app belongs to this organization.`,
    { operation, orgId: creds.orgId },
  );
}
