import type { FetchFunction } from '@slack/web-api';
import type { Metrics } from '../observability/metrics.ts';

/** Slack method names ("chat.postMessage"): anything else (an upload URL, a response_url) is not counted. */
const METHOD = /^[a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+$/;
/** Slack error codes are snake_case words; anything else would let a strange answer mint new series. */
const ERROR_CODE = /^[a-z0-9_]{1,60}$/;

/**
 * The fetch every WebClient of the bot is given (Bolt's through clientOptions, the background ones in
 * workspaceClients.ts): it counts each Web API HTTP attempt by method and outcome. A client that
 * retries by itself shows each retry.
 */
export function countedSlackFetch(slackApiUrl: string, metrics: Pick<Metrics, 'slackApiCalls'>, fetchFn: typeof fetch = globalThis.fetch): FetchFunction {
  const base = slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`;
  return async (url, init) => {
    const href = String(url);
    const method = href.startsWith(base) ? href.slice(base.length).split('?')[0]! : '';
    if (!METHOD.test(method)) return fetchFn(url, init);
    let response;
    try {
      response = await fetchFn(url, init);
    } catch (error) {
      metrics.slackApiCalls.inc({ method, outcome: 'transient' });
      throw error;
    }
    metrics.slackApiCalls.inc({ method, outcome: await outcomeOf(response) });
    return response;
  };
}

async function outcomeOf(response: Response): Promise<string> {
  if (response.status === 429) return 'rate_limited';
  if (response.status >= 500) return 'transient';
  if (response.status !== 200) return `http_${response.status}`;
  // The WebClient reads the body itself afterwards: read a copy.
  const body = (await response.clone().json().catch(() => null)) as { ok?: unknown; error?: unknown } | null;
  if (body?.ok === true) return 'ok';
  if (body?.error === 'ratelimited') return 'rate_limited';
  return typeof body?.error === 'string' && ERROR_CODE.test(body.error) ? body.error : 'unknown_error';
}
