/**
 * Items kept in ascending (instant, seq) order and served newest first, with opaque per-item cursors
 * and binary-searched time bounds and cursor positions, so a page costs O(log n + page) unless a
 * filter skips many items.
 */
interface Entry<T> {
  at: string; // microsecond ISO: string order = time order
  seq: number;
  item: T;
}

export interface PageQuery<T> {
  first: number;
  after?: string | null;
  min?: string | null; // inclusive, microsecond ISO
  max?: string | null; // inclusive
  filter?: (item: T) => boolean;
}

export interface PageResult<T> {
  items: Array<{ item: T; cursor: string }>;
  hasNextPage: boolean;
}

/** `last`/`before` paging: the last n items of the newest-first list, i.e. the n oldest. */
export interface LastPageQuery<T> {
  last: number;
  before?: string | null;
  min?: string | null;
  max?: string | null;
  filter?: (item: T) => boolean;
}

export interface LastPageResult<T> {
  /** Newest first, like every connection. */
  items: Array<{ item: T; cursor: string }>;
  /** More (newer) items come before these in the list. */
  hasPreviousPage: boolean;
}

export class InvalidCursorError extends Error {}

export class SortedStore<T> {
  private readonly entries: Array<Entry<T>> = [];
  private seq = 0;

  constructor(private readonly prefix: string) {}

  get size(): number {
    return this.entries.length;
  }

  insert(at: string, item: T): void {
    const entry = { at, seq: this.seq++, item };
    const last = this.entries.at(-1);
    if (!last || last.at <= at) {
      this.entries.push(entry);
      return;
    }
    this.entries.splice(this.lowerBound(at, Number.MAX_SAFE_INTEGER), 0, entry);
  }

  /** Bulk load: one sort instead of n insertions. */
  insertMany(items: Array<{ at: string; item: T }>): void {
    const wasEmpty = this.entries.length === 0;
    for (const { at, item } of items) this.entries.push({ at, seq: this.seq++, item });
    if (!wasEmpty || items.some((x, i) => i > 0 && items[i - 1]!.at > x.at)) {
      this.entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
    }
  }

  /** Newest first, everything. */
  allNewestFirst(): T[] {
    return this.entries.map((e) => e.item).reverse();
  }

  page(query: PageQuery<T>): PageResult<T> {
    // Candidates are the indexes [lower, upper) walked downwards (newest first).
    let upper = this.entries.length;
    if (query.max != null) upper = this.lowerBound(query.max, Number.MAX_SAFE_INTEGER);
    if (query.after != null) {
      const { at, seq } = this.decodeCursor(query.after);
      upper = Math.min(upper, this.lowerBound(at, seq));
    }
    const lower = query.min != null ? this.lowerBound(query.min, -1) : 0;
    const items: Array<{ item: T; cursor: string }> = [];
    let hasNextPage = false;
    for (let i = upper - 1; i >= lower; i -= 1) {
      const entry = this.entries[i]!;
      if (query.filter && !query.filter(entry.item)) continue;
      if (items.length === query.first) {
        hasNextPage = true;
        break;
      }
      items.push({ item: entry.item, cursor: this.encodeCursor(entry) });
    }
    return { items, hasNextPage };
  }

  pageLast(query: LastPageQuery<T>): LastPageResult<T> {
    // Candidates are [lower, upper) walked upwards (oldest first), then reversed.
    const upper = query.max != null ? this.lowerBound(query.max, Number.MAX_SAFE_INTEGER) : this.entries.length;
    let lower = query.min != null ? this.lowerBound(query.min, -1) : 0;
    if (query.before != null) {
      // `before` a cursor in a newest-first list means newer than it: strictly above its index.
      const { at, seq } = this.decodeCursor(query.before);
      lower = Math.max(lower, this.lowerBound(at, seq + 1));
    }
    const items: Array<{ item: T; cursor: string }> = [];
    let hasPreviousPage = false;
    for (let i = lower; i < upper; i += 1) {
      const entry = this.entries[i]!;
      if (query.filter && !query.filter(entry.item)) continue;
      if (items.length === query.last) {
        hasPreviousPage = true;
        break;
      }
      items.push({ item: entry.item, cursor: this.encodeCursor(entry) });
    }
    return { items: items.reverse(), hasPreviousPage };
  }

  /** First index whose (at, seq) is >= the given key. */
  private lowerBound(at: string, seq: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid]!;
      if (e.at < at || (e.at === at && e.seq < seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private encodeCursor(entry: Entry<T>): string {
    return Buffer.from(`${this.prefix}|${entry.at}|${entry.seq}`).toString('base64url');
  }

  private decodeCursor(cursor: string): { at: string; seq: number } {
    const [prefix, at, seq] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (prefix !== this.prefix || !at || !seq || !/^\d+$/.test(seq)) throw new InvalidCursorError(`Invalid cursor: ${cursor}`);
    return { at, seq: Number(seq) };
  }
}
