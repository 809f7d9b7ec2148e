import { afterEach, describe, expect, it } from 'vitest';
import { createLimiterRegistry, type LimiterRegistry } from '../../../src/partner/limiter.ts';

let registry: LimiterRegistry | undefined;
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
});

async function startTimes(registry: LimiterRegistry, token: string, count: number): Promise<number[]> {
  const limiter = registry.limiterFor(token);
  return Promise.all(Array.from({ length: count }, () => limiter.schedule(async () => performance.now())));
}

describe('createLimiterRegistry', () => {
  it('when the same token is asked twice, then one limiter serves both', () => {
    registry = createLimiterRegistry(4);
    expect(registry.limiterFor('prtapi_a')).toBe(registry.limiterFor('prtapi_a'));
    expect(registry.limiterFor('prtapi_a')).not.toBe(registry.limiterFor('prtapi_b'));
  });

  it('when requests burst, then starts are spaced (1000 + safety) / rate apart and no rate+1 fall in one second', async () => {
    registry = createLimiterRegistry(50, { safetyMs: 50 });
    const times = await startTimes(registry, 'prtapi_a', 60);
    for (let i = 50; i < times.length; i += 1) expect(times[i]! - times[i - 50]!).toBeGreaterThanOrEqual(1000);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(59 * 20);
  });

  it('when a throttled answer is noted, then spacing doubles until the slowdown ends', async () => {
    let now = 0;
    registry = createLimiterRegistry(50, { safetyMs: 0, slowdownMs: 1000, now: () => now });
    const limiter = registry.limiterFor('prtapi_a');
    limiter.noteThrottled();
    // 10 gaps: 400 ms at the doubled spacing (40 ms), 200 ms at the normal one (20 ms).
    const slow = await startTimes(registry, 'prtapi_a', 11);
    expect(slow.at(-1)! - slow[0]!).toBeGreaterThanOrEqual(300);
    now = 2000;
    const fast = await startTimes(registry, 'prtapi_a', 11);
    expect(fast.at(-1)! - fast[0]!).toBeLessThan(300);
  });
});
