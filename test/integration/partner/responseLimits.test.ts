import { afterEach, describe, expect, it } from 'vitest';
import { PartnerApiError } from '../../../src/partner/partnerErrors.ts';
import { APP, creds, ORG, startHarness, type Harness } from './harness.ts';

const MB = 1024 * 1024;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<PartnerApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PartnerApiError);
  return error as PartnerApiError;
}

describe('Partner API answers larger than the cap', () => {
  it.each([
    ['streamed without a length', false],
    ['announced by Content-Length', true],
  ])('when every answer is 40 MB %s, then the client stops reading at 10 MB and fails saying the answer was too large', async (_name, declareLength) => {
    const h = (harness = await startHarness({}, { maxRetries: 1 }));
    const streams: Array<{ sent: number; complete: boolean }> = [];
    const fault = { kind: 'huge' as const, bytes: 40 * MB, declareLength, onDone: (sent: number, complete: boolean) => streams.push({ sent, complete }) };
    h.sim.injectFaults([fault, fault]);
    const error = await rejection(h.client.fetchApp(creds, APP));
    expect(error.code).toBe('partner_transient');
    expect(error.message).toBe(`Partner query "app" failed for org ${ORG}: the answer was larger than 10 MB (gave up after 2 attempts)`);
    await expect.poll(() => streams.length).toBe(2);
    // The client hung up mid-stream: the simulator never got to send the whole body.
    for (const stream of streams) expect(stream.complete).toBe(false);
  });

  it('when one answer is too large and the next is normal, then the retry succeeds', async () => {
    const h = (harness = await startHarness());
    h.sim.injectFaults([{ kind: 'huge', bytes: 40 * MB }]);
    const app = await h.client.fetchApp(creds, APP);
    expect(app).toEqual({ id: '111', name: 'Upsell Pro', apiKey: 'key111' });
    expect(h.sleeps).toHaveLength(1);
  });

  it('when the cap is set lower, then an answer just above it fails and one just below passes', async () => {
    const h = (harness = await startHarness({}, { maxResponseBytes: 64 * 1024, maxRetries: 0 }));
    h.sim.injectFaults([{ kind: 'huge', bytes: 64 * 1024 + 1 }, { kind: 'huge', bytes: 64 * 1024 }]);
    const error = await rejection(h.client.fetchApp(creds, APP));
    expect(error.message).toContain('the answer was larger than 65536 bytes');
    const app = await h.client.fetchApp(creds, APP);
    expect(app!.name.length).toBeGreaterThan(255 - 1);
  });
});

describe('app names from the Partner API', () => {
  it('when the app name is 1,000 characters of emoji, then fetchApp keeps the first 255 code points', async () => {
    const h = (harness = await startHarness({ orgs: [{ id: ORG, apps: [{ id: APP, name: '🚀'.repeat(1000) }], tokens: [{ token: creds.token }] }] }));
    const app = await h.client.fetchApp(creds, APP);
    expect(app!.name).toBe('🚀'.repeat(255));
  });
});
