import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.ts';
import { APP, creds, OTHER_APP, startHarness, type Harness } from './harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function outcomes(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.partnerApiCalls.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.operation}:${v.labels.outcome}`, v.value]));
}

describe('Partner API calls counted by outcome', () => {
  it('when attempts fail in each retryable way before one succeeds, then each attempt is counted with its own outcome', async () => {
    const metrics = createMetrics();
    harness = await startHarness({}, { metrics, maxRetries: 6 });
    harness.sim.injectFaults(['throttle429', 'http500', 'hang', 'reset', 'junk']);
    expect(await harness.client.fetchApp(creds, APP)).not.toBeNull();
    expect(await outcomes(metrics)).toEqual({
      'app:throttled': 1,
      'app:server_error': 1,
      'app:timeout': 1,
      'app:network_error': 1,
      'app:malformed': 1,
      'app:ok': 1,
    });
  });

  it('when the API refuses a call for good, then the one attempt is counted with the reason, never an org or a token', async () => {
    const metrics = createMetrics();
    harness = await startHarness({}, { metrics });
    await harness.client.fetchEventsPage({ ...creds, token: 'prtapi_revoked_token' }, { appId: OTHER_APP }).catch(() => undefined);
    expect(await outcomes(metrics)).toEqual({ 'appEvents:unauthorized': 1 });
  });
});
