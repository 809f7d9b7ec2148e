import type { Kysely, Transaction } from 'kysely';
import type { PartnerClient, Credentials } from '../partner/client.ts';
import type { IncomingEvent } from '../storage/events.ts';
import type { Database, SyncStream } from '../storage/schema.ts';
import type { IncomingTransaction } from '../storage/transactions.ts';
import { ingestEvents, ingestTransactions } from './ingest.ts';

/** What a page of one stream holds once fetched: records with their raw nodes, newest first. */
export interface StreamPage<T> {
  records: T[];
  hasNextPage: boolean;
  lastCursor: string | null;
}

export interface PageQuery {
  appId: string;
  after: string | null;
  min: string | null;
  max: string | null;
}

/** From when new live events alert (the routing rules say where); null while alerts are off. */
export interface StoreContext {
  connectionId: number;
  alerts: { from: string } | null;
}

/**
 * Events and transactions are synced the same way (newest-first pages bounded by time); an adapter
 * says how to fetch, date and store the records of one of them.
 */
export interface StreamAdapter<T> {
  stream: SyncStream;
  fetchPage(creds: Credentials, query: PageQuery): Promise<StreamPage<T>>;
  instantOf(record: T): string;
  store(trx: Transaction<Database>, ctx: StoreContext, records: T[], source: 'backfill' | 'poll'): Promise<{ inserted: number; alertsQueued: number }>;
}

export function eventsAdapter(client: PartnerClient): StreamAdapter<IncomingEvent> {
  return {
    stream: 'events',
    async fetchPage(creds, query) {
      const page = await client.fetchEventsPage(creds, { appId: query.appId, after: query.after, occurredAtMin: query.min, occurredAtMax: query.max });
      return { records: page.records, hasNextPage: page.hasNextPage, lastCursor: page.lastCursor };
    },
    instantOf: (record) => record.event.occurredAt,
    store: (trx, ctx, records, source) => ingestEvents(trx, records, { connectionId: ctx.connectionId, source, alerts: ctx.alerts }),
  };
}

export function transactionsAdapter(client: PartnerClient): StreamAdapter<IncomingTransaction> {
  return {
    stream: 'transactions',
    async fetchPage(creds, query) {
      const page = await client.fetchTransactionsPage(creds, { appId: query.appId, after: query.after, createdAtMin: query.min, createdAtMax: query.max });
      return { records: page.records, hasNextPage: page.hasNextPage, lastCursor: page.lastCursor };
    },
    instantOf: (record) => record.transaction.createdAt,
    store: (trx, ctx, records) => ingestTransactions(trx, ctx.connectionId, records),
  };
}

export type AnyStreamAdapter = StreamAdapter<IncomingEvent> | StreamAdapter<IncomingTransaction>;
export type Db = Kysely<Database>;
