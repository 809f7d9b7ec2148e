import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import { trailingNumber } from '../../../src/domain/ids.ts';
import type { AppTransaction } from '../../../src/domain/transaction.ts';
import { generateDataSet, type SimEvent, type SimTransaction } from '../../fakes/partnerApi/index.ts';
import { APP, creds, startHarness, type Harness } from './harness.ts';

const data = generateDataSet({ appId: APP, shops: 250, seed: 11, start: '2025-01-01T00:00:00Z', end: '2025-07-01T00:00:00Z' });

function newestFirst<T>(items: readonly T[], at: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (at(a.item) < at(b.item) ? 1 : at(a.item) > at(b.item) ? -1 : b.index - a.index))
    .map((x) => x.item);
}

const eventKey = (e: AppEvent) => `${e.type}|${e.shopId}|${e.occurredAt}|${e.chargeId ?? ''}`;
const simEventKey = (e: SimEvent) => `${e.type}|${trailingNumber(e.shopId)}|${e.occurredAt}|${e.charge ? trailingNumber(e.charge.id) : ''}`;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function allEvents(h: Harness, request: { occurredAtMin?: string; occurredAtMax?: string; types?: string[]; first?: number } = {}) {
  const events: AppEvent[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page = await h.client.fetchEventsPage(creds, { appId: APP, after, ...request });
    events.push(...page.events);
    pages += 1;
    if (!page.hasNextPage) return { events, pages };
    after = page.lastCursor;
  }
}

async function allTransactions(h: Harness, request: { createdAtMin?: string; createdAtMax?: string } = {}) {
  const transactions: AppTransaction[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await h.client.fetchTransactionsPage(creds, { appId: '111', after, ...request });
    transactions.push(...page.transactions);
    if (!page.hasNextPage) return transactions;
    after = page.lastCursor;
  }
}

describe('paging against the simulator', () => {
  it('when events are paged newest first to exhaustion, then exactly the data set comes back in order', async () => {
    harness = await startHarness({ shops: data.shops, events: data.events, transactions: data.transactions });
    const { events, pages } = await allEvents(harness);
    expect(data.events.length).toBeGreaterThan(300);
    expect(pages).toBe(Math.ceil(data.events.length / 100));
    expect(events.map(eventKey)).toEqual(newestFirst(data.events, (e) => e.occurredAt).map(simEventKey));
    expect(events.every((e) => e.appId === '111')).toBe(true);
  });

  it('when transactions are paged to exhaustion, then every transaction comes back once with exact money', async () => {
    harness = await startHarness({ shops: data.shops, events: data.events, transactions: data.transactions });
    const transactions = await allTransactions(harness);
    const expected = newestFirst(data.transactions, (t) => t.createdAt);
    expect(transactions.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    const byId = new Map<string, SimTransaction>(data.transactions.map((t) => [t.id, t]));
    for (const tx of transactions) {
      const sim = byId.get(tx.id)!;
      expect(tx.net.amount.equals(new Decimal(sim.netAmount.amount))).toBe(true);
      expect(tx.net.currency).toBe(sim.netAmount.currencyCode);
      expect(tx.gross?.amount.toFixed(2)).toBe(sim.grossAmount?.amount);
    }
    expect(new Set(transactions.map((t) => t.kind))).toEqual(new Set(['subscription', 'usage', 'one_time', 'adjustment', 'credit']));
    expect(transactions.some((t) => t.billingInterval === 'ANNUAL')).toBe(true);
    expect(transactions.some((t) => t.kind === 'adjustment' && t.net.amount.isNegative())).toBe(true);
  });

  it('when time bounds are given, then both ends are inclusive', async () => {
    harness = await startHarness({ shops: data.shops, events: data.events, transactions: data.transactions });
    const sorted = newestFirst(data.events, (e) => e.occurredAt);
    const max = sorted[20]!.occurredAt;
    const min = sorted[260]!.occurredAt;
    const { events } = await allEvents(harness, { occurredAtMin: min, occurredAtMax: max, first: 37 });
    const expected = sorted.filter((e) => e.occurredAt >= min && e.occurredAt <= max);
    expect(events.map(eventKey)).toEqual(expected.map(simEventKey));
    expect(events[0]!.occurredAt).toBe(max);
    expect(events.at(-1)!.occurredAt).toBe(min);

    const txSorted = newestFirst(data.transactions, (t) => t.createdAt);
    const txMin = txSorted[150]!.createdAt;
    const txMax = txSorted[10]!.createdAt;
    const transactions = await allTransactions(harness, { createdAtMin: txMin, createdAtMax: txMax });
    expect(transactions.map((t) => t.id)).toEqual(txSorted.filter((t) => t.createdAt >= txMin && t.createdAt <= txMax).map((t) => t.id));
  });

  it('when types are given, then only those events come back', async () => {
    harness = await startHarness({ shops: data.shops, events: data.events });
    const { events } = await allEvents(harness, { types: ['RELATIONSHIP_UNINSTALLED'] });
    const expected = data.events.filter((e) => e.type === 'RELATIONSHIP_UNINSTALLED');
    expect(events).toHaveLength(expected.length);
    expect(events.some((e) => e.reason && /Testen mehrerer Apps|Test de plusieurs|Testing multiple/.test(e.reason))).toBe(true);
    expect(events.some((e) => e.reason === null)).toBe(true);
  });

  it('when events are appended during a sync, then a fresh poll from the top sees them', async () => {
    harness = await startHarness({ shops: data.shops, events: data.events });
    const first = await harness.client.fetchEventsPage(creds, { appId: APP, first: 5 });
    harness.sim.appendEvents([
      { appId: APP, shopId: data.shops[0]!.id, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: '2025-07-02T10:00:00.123456Z' },
    ]);
    const second = await harness.client.fetchEventsPage(creds, { appId: APP, after: first.lastCursor, first: 5 });
    expect(second.events.map(eventKey)).not.toContain(`RELATIONSHIP_INSTALLED|${trailingNumber(data.shops[0]!.id)}|2025-07-02T10:00:00.123456Z|`);
    const top = await harness.client.fetchEventsPage(creds, { appId: APP, first: 1 });
    expect(top.events[0]!.occurredAt).toBe('2025-07-02T10:00:00.123456Z');
    expect(top.hasNextPage).toBe(true);
  });

  it('when first is above 100, then the page holds 100', async () => {
    harness = await startHarness({ shops: data.shops, events: data.events });
    const page = await harness.client.fetchEventsPage(creds, { appId: APP, first: 500 });
    expect(page.events).toHaveLength(100);
    expect(page.cursors).toHaveLength(100);
    expect(new Set(page.cursors).size).toBe(100);
  });
});
