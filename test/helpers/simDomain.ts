import type { AppEvent } from '../../src/domain/appEvent.ts';
import { trailingNumber } from '../../src/domain/ids.ts';
import type { AppTransaction } from '../../src/domain/transaction.ts';
import { parseAppEvent } from '../../src/partner/parseEvents.ts';
import { parseAppTransaction } from '../../src/partner/parseTransactions.ts';
import type { IncomingEvent } from '../../src/storage/events.ts';
import type { IncomingTransaction } from '../../src/storage/transactions.ts';
import type { SimDataSet, SimEvent, SimTransaction } from '../fakes/partnerApi/index.ts';

/** Simulator records as the Partner client parses them: the same domain values the sync stores. */
export function simEventNode(e: SimEvent, shops: Map<string, { myshopifyDomain: string; name: string }>): Record<string, unknown> {
  const shop = shops.get(e.shopId);
  const node: Record<string, unknown> = {
    __typename: e.typename,
    type: e.type,
    occurredAt: e.occurredAt,
    shop: { id: e.shopId, myshopifyDomain: shop?.myshopifyDomain ?? 'REDACTED', name: shop?.name ?? 'REDACTED' },
    reason: e.reason ?? null,
    description: e.description ?? null,
  };
  if (e.charge) node[e.charge.kind === 'credit' ? 'appCredit' : 'charge'] = { billingOn: null, ...e.charge };
  return node;
}

export function simTransactionNode(t: SimTransaction): Record<string, unknown> {
  return { ...t, __typename: t.typename, app: { id: t.appId }, shop: t.shopId ? { id: t.shopId, myshopifyDomain: null } : null };
}

export interface DomainData {
  events: IncomingEvent[];
  transactions: IncomingTransaction[];
}

export function toDomain(data: SimDataSet): DomainData {
  const shops = new Map(data.shops.map((s) => [s.id, s]));
  return {
    events: data.events.map((e) => {
      const raw = simEventNode(e, shops);
      return { event: parseAppEvent(raw, trailingNumber(e.appId))!, raw };
    }),
    transactions: data.transactions.map((t) => {
      const raw = simTransactionNode(t);
      return { transaction: parseAppTransaction(raw, trailingNumber(t.appId))!, raw };
    }),
  };
}

export const eventsOf = (d: DomainData): AppEvent[] => d.events.map((e) => e.event);
export const transactionsOf = (d: DomainData): AppTransaction[] => d.transactions.map((t) => t.transaction);
