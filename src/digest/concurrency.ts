/**
 * Wraps an async function so at most `limit` calls run at once; the others queue in call order.
 * Chart renders go through one of these: each holds a large native pixel buffer.
 */
export function limitConcurrency<A extends unknown[], R>(fn: (...args: A) => Promise<R>, limit: number): ((...args: A) => Promise<R>) & { readonly active: number; readonly peak: number } {
  let active = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  const limited = async (...args: A): Promise<R> => {
    // A finishing call hands its slot straight to the next waiter, so a new caller cannot slip in between.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    peak = Math.max(peak, active);
    try {
      return await fn(...args);
    } finally {
      const nextWaiter = waiting.shift();
      if (nextWaiter) nextWaiter();
      else active--;
    }
  };
  return Object.defineProperties(limited, {
    active: { get: () => active },
    peak: { get: () => peak },
  }) as typeof limited & { readonly active: number; readonly peak: number };
}

/** Runs `work` over `items` with at most `limit` in flight; resolves when all are done. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
