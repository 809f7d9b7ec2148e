import { describe, expect, it } from 'vitest';
import { SortedStore } from '../../fakes/partnerApi/sortedStore.ts';

const store = new SortedStore<number>('t');
store.insertMany([1, 2, 3, 4, 5].map((n) => ({ at: `2026-01-0${n}T00:00:00.000000Z`, item: n })));

describe('simulator last/before paging', () => {
  it('when last: 2 is asked, then the two oldest come back, newest first, with more before them', () => {
    const page = store.pageLast({ last: 2 });
    expect(page.items.map((i) => i.item)).toEqual([2, 1]);
    expect(page.hasPreviousPage).toBe(true);
  });

  it('when before a cursor, then only newer items are paged', () => {
    const oldest = store.pageLast({ last: 1 }).items[0]!.cursor;
    const page = store.pageLast({ last: 10, before: oldest });
    expect(page.items.map((i) => i.item)).toEqual([5, 4, 3, 2]);
    expect(page.hasPreviousPage).toBe(false);
  });

  it('when bounded by min and max, then last is taken inside the bounds', () => {
    expect(store.pageLast({ last: 1, min: '2026-01-02T00:00:00.000000Z', max: '2026-01-04T00:00:00.000000Z' }).items.map((i) => i.item)).toEqual([2]);
  });
});
