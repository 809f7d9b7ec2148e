import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { countedSlackFetch } from '../../../src/slackApi/countedFetch.ts';

const API = 'https://slack.test/api/';

/** A fetch that answers every request with `status` and a JSON `body`, or fails like a reset connection. */
const answering = (status: number, body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status });
const failing: typeof fetch = async () => {
  throw new TypeError('fetch failed');
};

async function countsAfter(fetchFn: typeof fetch, url: string): Promise<Record<string, number>> {
  const metrics = createMetrics();
  const counted = countedSlackFetch(API, metrics, fetchFn);
  await counted(url, { method: 'POST' }).then(
    (response) => response.json(),
    () => undefined,
  );
  const { values } = await metrics.slackApiCalls.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.method}:${v.labels.outcome}`, v.value]));
}

describe('countedSlackFetch', () => {
  it.each([
    ['ok', answering(200, { ok: true }), { 'chat.postMessage:ok': 1 }],
    ["Slack's error code", answering(200, { ok: false, error: 'not_in_channel' }), { 'chat.postMessage:not_in_channel': 1 }],
    ['HTTP 429', answering(429, {}), { 'chat.postMessage:rate_limited': 1 }],
    ['ratelimited in the body', answering(200, { ok: false, error: 'ratelimited' }), { 'chat.postMessage:rate_limited': 1 }],
    ['HTTP 503', answering(503, {}), { 'chat.postMessage:transient': 1 }],
    ['a reset connection', failing, { 'chat.postMessage:transient': 1 }],
    ['an error that is not a Slack code', answering(200, { ok: false, error: 'Something <odd> 1234567' }), { 'chat.postMessage:unknown_error': 1 }],
  ])('when Slack answers with %s, then the call is counted with that outcome', async (_what, fetchFn, expected) => {
    expect(await countsAfter(fetchFn, `${API}chat.postMessage`)).toEqual(expected);
  });

  it('when the URL is not a Web API method (an upload URL, a response_url), then nothing is counted', async () => {
    expect(await countsAfter(answering(200, { ok: true }), 'https://files.slack.test/upload/v1/abc')).toEqual({});
    expect(await countsAfter(answering(200, { ok: true }), `${API.replace('/api/', '')}/response/R1`)).toEqual({});
  });

  it('when the body is counted, then the caller still reads it whole', async () => {
    const metrics = createMetrics();
    const response = await countedSlackFetch(API, metrics, answering(200, { ok: true, ts: '1.2' }))(`${API}chat.postMessage`);
    expect(await response.json()).toEqual({ ok: true, ts: '1.2' });
  });
});
