import { ClientError, GraphQLClient } from 'graphql-request';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { outcomeOfAnswer, type PartnerCallOutcome } from './callOutcome.ts';
import { readCapped, ResponseTooLargeError } from './cappedBody.ts';
import { classifyOutcome, type GraphQLErrorLike, type RequestContext } from './classify.ts';
import type { TokenLimiter } from './limiter.ts';
import { PartnerApiError } from './partnerErrors.ts';

export type FetchLike = (input: URL | string, init?: RequestInit) => Promise<Response>;

export interface TransportDeps {
  apiUrl: string;
  apiVersion: string;
  fetch: FetchLike;
  timeoutMs: number;
  /** Answers with a larger body are abandoned mid-stream (partner_transient). */
  maxResponseBytes: number;
  /** Retries after the first attempt; 4 means at most 5 tries. */
  maxRetries: number;
  /** Full-jitter exponential backoff: sleep random(0, min(cap, base × 2^attempt)). */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Wait after a throttled answer without Retry-After. */
  throttleWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  logger?: Logger | undefined;
  metrics?: Pick<Metrics, 'partnerApiCalls'> | undefined;
}

export interface Credentials {
  orgId: string;
  token: string;
}

export interface GraphQLCall {
  operation: string;
  permission: string;
  document: string;
  variables: Record<string, unknown>;
}

type Attempt = { ok: true; data: Record<string, unknown> } | { ok: false; error: PartnerApiError; outcome: PartnerCallOutcome };

export function endpointFor(apiUrl: string, orgId: string, apiVersion: string): string {
  return `${apiUrl.replace(/\/+$/, '')}/${encodeURIComponent(orgId)}/api/${encodeURIComponent(apiVersion)}/graphql.json`;
}

async function attemptOnce(deps: TransportDeps, creds: Credentials, call: GraphQLCall, ctx: RequestContext): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  let response: Response | undefined;
  let tooLarge: ResponseTooLargeError | undefined;
  // Wrapping fetch keeps the status and headers even when graphql-request only throws a parse error,
  // and reads the body under the size cap before graphql-request buffers it without one.
  const fetchSpy: FetchLike = async (input, init) => {
    response = await deps.fetch(input, init);
    try {
      return await readCapped(response, deps.maxResponseBytes);
    } catch (error) {
      if (error instanceof ResponseTooLargeError) tooLarge = error;
      throw error;
    }
  };
  const client = new GraphQLClient(endpointFor(deps.apiUrl, creds.orgId, deps.apiVersion), {
    fetch: fetchSpy as typeof fetch,
    headers: { 'X-Shopify-Access-Token': creds.token },
    errorPolicy: 'all',
  });
  const refused = (error: PartnerApiError): Attempt => ({ ok: false, error, outcome: outcomeOfAnswer(error) });
  const fail = (outcome: PartnerCallOutcome, reason: string, cause: unknown): Attempt => ({
    ok: false,
    outcome,
    error: new PartnerApiError('partner_transient', `Partner query "${call.operation}" failed for org ${creds.orgId}: ${reason}`, {
      operation: call.operation,
      orgId: creds.orgId,
      status: response?.status,
      cause,
    }),
  });

  try {
    const result = await client.rawRequest<Record<string, unknown>>({
      query: call.document,
      variables: call.variables,
      signal: controller.signal,
    });
    logVersion(deps, call, creds, result.status, result.headers);
    const errors = result.errors as GraphQLErrorLike[] | undefined;
    const error = classifyOutcome(
      ctx,
      {
        status: result.status,
        retryAfter: result.headers.get('retry-after'),
        errors,
        malformed: false,
        missingData: result.data == null,
      },
      deps.now(),
    );
    return error ? refused(error) : { ok: true, data: result.data as Record<string, unknown> };
  } catch (cause) {
    if (cause instanceof ClientError) {
      const { status, headers } = cause.response;
      logVersion(deps, call, creds, status, headers as Headers | undefined);
      const errors = Array.isArray(cause.response.errors) ? (cause.response.errors as GraphQLErrorLike[]) : undefined;
      const error = classifyOutcome(
        ctx,
        {
          status,
          retryAfter: (headers as Headers | undefined)?.get?.('retry-after') ?? null,
          errors,
          malformed: errors === undefined && cause.response.data === undefined,
          missingData: false,
        },
        deps.now(),
      );
      const classified = withCause(error, cause);
      return classified ? refused(classified) : fail(status >= 500 ? 'server_error' : 'transient', `HTTP ${status}`, cause);
    }
    if (tooLarge) return fail('too_large', tooLarge.message, tooLarge);
    if (controller.signal.aborted) return fail('timeout', `no answer within ${deps.timeoutMs} ms`, cause);
    if (response && response.status >= 200 && response.status < 300) {
      logVersion(deps, call, creds, response.status, response.headers);
      return fail('malformed', `HTTP ${response.status} with a malformed body`, cause);
    }
    const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
    return fail('network_error', `network error${typeof code === 'string' ? ` (${code})` : ''}`, cause);
  } finally {
    clearTimeout(timer);
  }
}

function withCause(error: PartnerApiError | null, cause: unknown): PartnerApiError | null {
  if (!error) return null;
  return new PartnerApiError(error.code, error.message, {
    operation: error.operation,
    orgId: error.orgId,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    cause,
  });
}

function logVersion(deps: TransportDeps, call: GraphQLCall, creds: Credentials, status: number, headers?: Headers) {
  deps.logger?.debug('partner api response', {
    operation: call.operation,
    orgId: creds.orgId,
    status,
    apiVersion: headers?.get?.('x-shopify-api-version') ?? null,
  });
}

/**
 * Runs one GraphQL call through the token's limiter, retrying throttled and transient failures
 * (each retry takes a fresh limiter slot). Returns `data`; throws a PartnerApiError otherwise.
 */
export async function executeWithRetry(
  deps: TransportDeps,
  limiter: TokenLimiter,
  creds: Credentials,
  call: GraphQLCall,
): Promise<Record<string, unknown>> {
  const ctx: RequestContext = {
    operation: call.operation,
    orgId: creds.orgId,
    apiVersion: deps.apiVersion,
    permission: call.permission,
  };
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await limiter.schedule(() => attemptOnce(deps, creds, call, ctx));
    deps.metrics?.partnerApiCalls.inc({ operation: call.operation, outcome: outcome.ok ? 'ok' : outcome.outcome });
    if (outcome.ok) return outcome.data;
    const { error } = outcome;
    if (!error.retryable) throw error;
    if (attempt >= deps.maxRetries) {
      throw new PartnerApiError(error.code, `${error.message} (gave up after ${attempt + 1} attempts)`, {
        operation: error.operation,
        orgId: error.orgId,
        status: error.status,
        cause: error,
      });
    }
    let waitMs: number;
    if (error.code === 'partner_rate_limited') {
      limiter.noteThrottled();
      waitMs = error.retryAfterMs ?? deps.throttleWaitMs;
    } else {
      waitMs = Math.floor(deps.random() * Math.min(deps.backoffCapMs, deps.backoffBaseMs * 2 ** attempt));
    }
    deps.logger?.warn('partner api call will be retried', {
      operation: call.operation,
      orgId: creds.orgId,
      code: error.code,
      status: error.status ?? null,
      attempt: attempt + 1,
      waitMs,
    });
    await deps.sleep(waitMs);
  }
}
