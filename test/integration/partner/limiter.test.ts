import { afterEach, describe, expect, it } from 'vitest';
import { APP, creds, startHarness, type Harness } from './harness.ts';

const SHOP = { id: 'gid://partners/Shop/77', myshopifyDomain: 'alpha.myshopify.com', name: 'Alpha' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('per-token limiter', () => {
  it('when 40 requests burst at once, then none is throttled and they take about 40/rate seconds', async () => {
    const rate = 20;
    harness = await startHarness({ shops: [SHOP], ratePerSecond: rate }, { ratePerSecond: rate });
    const startedAt = performance.now();
    // Two streams (events and transactions) of the same token share one limiter.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0 ? harness!.client.fetchEventsPage(creds, { appId: APP }) : harness!.client.fetchTransactionsPage(creds, { appId: APP }),
      ),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    expect(harness.sim.throttled).toHaveLength(0);
    expect(harness.sim.requests).toHaveLength(40);
    expect(seconds).toBeGreaterThan(39 / rate);
    // ≈ 40/rate: 39 gaps of (1000 + 100 ms safety)/rate = 2.15 s; slack for a loaded 2-core machine.
    expect(seconds).toBeLessThan((40 / rate) * 1.75);
  });

  it('when a steady stream runs at the real limit of 4/s, then nothing is throttled', async () => {
    harness = await startHarness({ shops: [SHOP], ratePerSecond: 4 }, { ratePerSecond: 4 });
    for (let i = 0; i < 12; i += 1) await harness.client.fetchEventsPage(creds, { appId: APP });
    await Promise.all(Array.from({ length: 4 }, () => harness!.client.fetchEventsPage(creds, { appId: APP })));
    expect(harness.sim.throttledCount()).toBe(0);
  });

  it('when the simulator throttles without a client limiter, then requests are throttled (the window is real)', async () => {
    harness = await startHarness({ shops: [SHOP], ratePerSecond: 5, throttleMode: 'graphql200' }, { ratePerSecond: 10_000, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => harness!.client.fetchEventsPage(creds, { appId: APP })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(harness.sim.throttledCount()).toBe(3);
  });

  it('when two tokens run at once, then each gets its own budget', async () => {
    const rate = 10;
    harness = await startHarness(
      {
        shops: [SHOP],
        ratePerSecond: rate,
        orgs: [
          { id: '1234', apps: [{ id: APP }], tokens: [{ token: 'prtapi_a' }] },
          { id: '2222', apps: [{ id: 'gid://partners/App/222' }], tokens: [{ token: 'prtapi_b' }] },
        ],
      },
      { ratePerSecond: rate },
    );
    const startedAt = performance.now();
    await Promise.all([
      ...Array.from({ length: 10 }, () => harness!.client.fetchEventsPage({ orgId: '1234', token: 'prtapi_a' }, { appId: APP })),
      ...Array.from({ length: 10 }, () => harness!.client.fetchEventsPage({ orgId: '2222', token: 'prtapi_b' }, { appId: '222' })),
    ]);
    const seconds = (performance.now() - startedAt) / 1000;
    expect(harness.sim.throttled).toHaveLength(0);
    expect(seconds).toBeLessThan(1.5);
  });
});
