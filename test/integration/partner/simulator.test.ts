import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.ts';
import { APP_EVENTS_QUERY } from '../../../src/partner/documents/appEvents.graphql.ts';
import { startPartnerSimulator, type PartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { APP, baseOrgs, creds, startHarness, TOKEN, type Harness } from './harness.ts';

let sim: PartnerSimulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await sim?.stop();
  await harness?.close();
  sim = undefined;
  harness = undefined;
});

async function post(path: string, body: unknown, token: string | null = TOKEN) {
  const response = await fetch(`${sim!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'X-Shopify-Access-Token': token } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: Array<Record<string, unknown>> } };
}

describe('Partner API simulator', () => {
  it('when a query selects reason on AppEvent, then it answers 200 with the real API error', async () => {
    sim = await startPartnerSimulator({ orgs: baseOrgs() });
    const query = `query AppUninstalledEvents { app(id: "${APP}") { events(first: 5, types: [RELATIONSHIP_UNINSTALLED]) { edges { node { type reason } } } } }`;
    const { status, body } = await post('/1234/api/2025-07/graphql.json', { query });
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]).toMatchObject({
      message: "Field 'reason' doesn't exist on type 'AppEvent'",
      extensions: { code: 'undefinedField', typeName: 'AppEvent', fieldName: 'reason' },
    });
  });

  it('when the version, token or org is wrong, then it answers like the real API', async () => {
    sim = await startPartnerSimulator({ orgs: baseOrgs() });
    const query = APP_EVENTS_QUERY;
    const variables = { appId: APP, first: 1 };
    const badVersion = await post('/1234/api/2019-01/graphql.json', { query, variables });
    expect(badVersion).toMatchObject({ status: 404, body: { errors: [{ message: 'Invalid API version' }] } });
    const badToken = await post('/1234/api/2025-07/graphql.json', { query, variables }, 'nope');
    expect(badToken).toMatchObject({ status: 401, body: { errors: [{ message: 'Invalid access token', extensions: { code: '401' } }] } });
    const wrongOrg = await post('/5678/api/2025-07/graphql.json', { query, variables });
    expect(wrongOrg.status).toBe(401);
    const ok = await post('/1234/api/2026-07/graphql.json', { query, variables });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-shopify-api-version')).toBe('2026-07');
    expect(ok.body).toEqual({ data: { app: { id: APP, events: { pageInfo: { hasNextPage: false }, edges: [] } } } });
    expect(sim.requests.map((r) => r.outcome)).toEqual(['bad_version', 'unauthorized', 'wrong_org', 'ok']);
    expect(sim.requests[3]).toMatchObject({ operationName: 'PartnerbotAppEvents', rootField: 'app', variables });
  });

  it('when faults are drawn with a seed, then the same seed gives the same faults', async () => {
    const outcomes: string[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const s = await startPartnerSimulator({ orgs: baseOrgs(), ratePerSecond: 0, seed: 99, faults: { probability: 0.5, kinds: ['http500', 'internal200'] } });
      for (let i = 0; i < 20; i += 1) {
        await fetch(`${s.url}/1234/api/2025-07/graphql.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': TOKEN },
          body: JSON.stringify({ query: '{ publicApiVersions { handle } }' }),
        }).then((r) => r.text());
      }
      outcomes.push(s.requests.map((r) => r.outcome));
      await s.stop();
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(new Set(outcomes[0])).toEqual(new Set(['ok', 'fault:http500', 'fault:internal200']));
  });

  it('when a request hangs, then stop() still closes promptly', async () => {
    sim = await startPartnerSimulator({ orgs: baseOrgs() });
    sim.injectFaults(['hang']);
    const pending = fetch(`${sim.url}/1234/api/2025-07/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': TOKEN },
      body: JSON.stringify({ query: '{ publicApiVersions { handle } }' }),
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.stop();
    sim = undefined;
    expect(await pending).toBeInstanceOf(Error);
  });

  it('when the client talks to it, then the answering API version is logged at debug and the token never is', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
    harness = await startHarness({}, { logger, apiVersion: '2026-10' });
    harness.sim.injectFaults(['http500']);
    await harness.client.fetchEventsPage(creds, { appId: APP });
    const debug = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'debug');
    expect(debug.at(-1)).toMatchObject({ msg: 'partner api response', apiVersion: '2026-10', operation: 'appEvents', orgId: '1234' });
    expect(lines.some((l) => l.includes('retried'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});
