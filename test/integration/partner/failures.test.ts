import { afterEach, describe, expect, it } from 'vitest';
import { PartnerApiError, type PartnerErrorCode } from '../../../src/partner/partnerErrors.ts';
import type { Fault } from '../../fakes/partnerApi/index.ts';
import { APP, creds, OTHER_APP, OTHER_ORG, startHarness, TOKEN, type Harness } from './harness.ts';

const SHOP = { id: 'gid://partners/Shop/77', myshopifyDomain: 'alpha.myshopify.com', name: 'Alpha' };
const EVENT = { appId: APP, shopId: SHOP.id, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: '2025-03-01T10:00:00.123456Z' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(...args: Parameters<typeof startHarness>): Promise<Harness> {
  harness = await startHarness({ shops: [SHOP], events: [EVENT], ...args[0] }, args[1]);
  return harness;
}

async function failure(promise: Promise<unknown>): Promise<PartnerApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PartnerApiError);
  return error as PartnerApiError;
}

function expectCode(error: PartnerApiError, code: PartnerErrorCode) {
  expect(error.code, error.message).toBe(code);
  expect(error.message).not.toContain(TOKEN);
}

describe('retryable failures', () => {
  it.each<[string, Fault, number | undefined]>([
    ['HTTP 429 with Retry-After', 'throttle429', 1000],
    ['HTTP 200 "Too many requests"', 'throttle200', 1000],
  ])('when throttled with %s, then the client waits and retries successfully', async (_name, fault, wait) => {
    const h = await start();
    h.sim.injectFaults([fault, fault]);
    const page = await h.client.fetchEventsPage(creds, { appId: APP });
    expect(page.events).toHaveLength(1);
    expect(h.sleeps).toEqual([wait, wait]);
    expect(h.sim.requests.map((r) => r.outcome)).toEqual(['fault:' + fault, 'fault:' + fault, 'ok']);
  });

  it.each<[string, Fault]>([
    ['HTTP 500', 'http500'],
    ['a junk body', 'junk'],
    ['a connection reset', 'reset'],
    ['HTTP 200 "Internal error"', 'internal200'],
  ])('when the API answers %s, then the client backs off and retries successfully', async (_name, fault) => {
    const h = await start();
    h.sim.injectFaults([fault, fault]);
    const page = await h.client.fetchEventsPage(creds, { appId: APP });
    expect(page.events[0]!.shopDomain).toBe('alpha.myshopify.com');
    // full jitter with random() = 0.5: 0.5 × 500 × 2^attempt
    expect(h.sleeps).toEqual([250, 500]);
  });

  it('when a request hangs, then it times out and the retry succeeds', async () => {
    const h = await start({}, { timeoutMs: 150 });
    h.sim.injectFaults(['hang']);
    const startedAt = Date.now();
    const page = await h.client.fetchEventsPage(creds, { appId: APP });
    expect(page.events).toHaveLength(1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(h.sim.requests).toHaveLength(2);
  });

  it('when 5xx never stops, then the client gives up after 5 tries with partner_transient', async () => {
    const h = await start();
    h.sim.injectFaults(Array.from({ length: 6 }, () => 'http500' as const));
    const error = await failure(h.client.fetchTransactionsPage(creds, { appId: APP }));
    expectCode(error, 'partner_transient');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Partner query "transactions" failed for org 1234: HTTP 500');
    expect(h.sim.requests).toHaveLength(5);
  });

  it('when throttling never stops, then the client gives up with partner_rate_limited', async () => {
    const h = await start({}, { maxRetries: 2 });
    h.sim.injectFaults(['throttle429', 'throttle429', 'throttle429']);
    const error = await failure(h.client.fetchEventsPage(creds, { appId: APP }));
    expectCode(error, 'partner_rate_limited');
    expect(h.sim.requests).toHaveLength(3);
  });
});

describe('permanent failures', () => {
  it('when the token is invalid, then partner_unauthorized without retry', async () => {
    const h = await start();
    const error = await failure(h.client.fetchEventsPage({ orgId: '1234', token: 'prtapi_wrong' }, { appId: APP }));
    expectCode(error, 'partner_unauthorized');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Invalid access token');
    expect(error.message).not.toContain('prtapi_wrong');
    expect(h.sim.requests).toHaveLength(1);
  });

  it('when the token of another org is used (real API: 401), then partner_unauthorized naming that possibility', async () => {
    const h = await start();
    const error = await failure(h.client.fetchApp({ orgId: OTHER_ORG, token: TOKEN }, OTHER_APP));
    expectCode(error, 'partner_unauthorized');
    expect(error.message).toContain('another Partner organization');
    expect(h.sim.requests[0]!.outcome).toBe('wrong_org');
  });

  it('when the API tells a wrong-org token apart with 403, then partner_wrong_org', async () => {
    const h = await start({ wrongOrgResponse: 'forbidden' });
    const error = await failure(h.client.fetchApp({ orgId: OTHER_ORG, token: TOKEN }, OTHER_APP));
    expectCode(error, 'partner_wrong_org');
    expect(error.message).toContain(`organization ${OTHER_ORG}`);
  });

  it('when the API version is unknown, then partner_bad_version naming PARTNER_API_VERSION', async () => {
    const h = await start({}, { apiVersion: '2019-01' });
    const error = await failure(h.client.fetchEventsPage(creds, { appId: APP }));
    expectCode(error, 'partner_bad_version');
    expect(error.message).toContain('PARTNER_API_VERSION');
    expect(error.message).toContain('"2019-01"');
  });

  it('when the app is null (unknown or of another org), then fetchEventsPage throws partner_app_not_found and fetchApp returns null', async () => {
    const h = await start();
    const error = await failure(h.client.fetchEventsPage(creds, { appId: OTHER_APP }));
    expectCode(error, 'partner_app_not_found');
    expect(error.message).toContain('App 999');
    expect(await h.client.fetchApp(creds, '424242')).toBeNull();
    expect(await h.client.fetchApp(creds, '111')).toEqual({ id: '111', name: 'Upsell Pro', apiKey: 'key111' });
  });

  it('when the client lacks View financials, then transactions give partner_missing_permission and the probe says false', async () => {
    const h = await start();
    h.sim.setTokenPermissions(TOKEN, { viewFinancials: false });
    const error = await failure(h.client.fetchTransactionsPage(creds, { appId: APP }));
    expectCode(error, 'partner_missing_permission');
    expect(error.message).toContain('"View financials"');
    expect(await h.client.checkFinancialsAccess(creds)).toBe(false);
    h.sim.setTokenPermissions(TOKEN, { viewFinancials: true });
    expect(await h.client.checkFinancialsAccess(creds)).toBe(true);
  });

  it('when the client lacks Manage apps, then app queries give partner_missing_permission', async () => {
    const h = await start();
    h.sim.setTokenPermissions(TOKEN, { manageApps: false });
    const eventsError = await failure(h.client.fetchEventsPage(creds, { appId: APP }));
    expectCode(eventsError, 'partner_missing_permission');
    expect(eventsError.message).toContain('"Manage apps"');
    expectCode(await failure(h.client.fetchApp(creds, APP)), 'partner_missing_permission');
  });

  it('when a 403 says access denied, then partner_missing_permission rather than wrong org', async () => {
    const h = await start();
    h.sim.injectFaults([{ kind: 'custom', status: 403, body: { errors: [{ message: 'Access denied', extensions: { code: 'ACCESS_DENIED' } }] } }]);
    expectCode(await failure(h.client.fetchTransactionsPage(creds, { appId: APP })), 'partner_missing_permission');
  });
});

describe('tolerated data', () => {
  it('when a node has an unknown __typename or type, then it is kept raw and the page still parses', async () => {
    const h = await start();
    h.sim.injectFaults([
      {
        kind: 'custom',
        status: 200,
        body: {
          data: {
            app: {
              id: APP,
              events: {
                pageInfo: { hasNextPage: false, hasPreviousPage: false },
                edges: [
                  { cursor: 'c1', node: { __typename: 'RelationshipTransferred', type: 'RELATIONSHIP_TRANSFERRED', occurredAt: '2026-01-01T00:00:00.000001Z', shop: { id: 'gid://partners/Shop/5', myshopifyDomain: 'REDACTED', name: 'REDACTED' } } },
                  { cursor: 'c2', node: { __typename: 'Mystery' } },
                ],
              },
            },
          },
        },
      },
    ]);
    const page = await h.client.fetchEventsPage(creds, { appId: APP });
    expect(page.rawNodes).toHaveLength(2);
    expect(page.events).toEqual([expect.objectContaining({ type: 'RELATIONSHIP_TRANSFERRED', shopId: '5', shopDomain: null, shopName: null })]);
    expect(page.lastCursor).toBe('c2');
  });
});
