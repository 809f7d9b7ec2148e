import { PartnerApiError } from './partnerErrors.ts';

export interface GraphQLErrorLike {
  message?: unknown;
  extensions?: { code?: unknown; [key: string]: unknown } | null;
}

/** What the client knows about the request when something goes wrong. */
export interface RequestContext {
  operation: string;
  orgId: string;
  apiVersion: string;
  /** The Partner Dashboard permission the operation needs ("View financials", "Manage apps"). */
  permission: string;
}

/** One HTTP answer, reduced to what classification needs. */
export interface HttpOutcome {
  status: number;
  retryAfter: string | null;
  /** GraphQL `errors`, when the body was JSON and had them. */
  errors: GraphQLErrorLike[] | undefined;
  /** The body was not a JSON object (junk, HTML error page, truncated). */
  malformed: boolean;
  /** `data` is missing or null although no error explains why. */
  missingData: boolean;
}

const THROTTLED = /too many requests|throttl/i;
const INTERNAL = /internal error|internal server error/i;
const ACCESS_DENIED = /access denied|access_denied|permission|not permitted/i;
const BAD_VERSION = /api version/i;
const BAD_TOKEN = /invalid access token|invalid api key|unauthori[sz]ed/i;

function errorText(errors: GraphQLErrorLike[] | undefined): string {
  return (errors ?? [])
    .map((e) => `${typeof e.message === 'string' ? e.message : ''} ${String(e.extensions?.code ?? '')}`)
    .join(' | ');
}

function firstMessage(errors: GraphQLErrorLike[] | undefined): string | undefined {
  const message = errors?.find((e) => typeof e.message === 'string')?.message;
  return typeof message === 'string' ? message.replace(/\s+/g, ' ').trim() : undefined;
}

function hasCode(errors: GraphQLErrorLike[] | undefined, code: string): boolean {
  return (errors ?? []).some((e) => String(e.extensions?.code ?? '').toUpperCase() === code);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Maps one HTTP answer to a coded error, or null when it is a usable GraphQL result. */
export function classifyOutcome(ctx: RequestContext, outcome: HttpOutcome, nowMs = Date.now()): PartnerApiError | null {
  const { status, errors } = outcome;
  const text = errorText(errors);
  const apiMessage = firstMessage(errors);
  const detail = apiMessage ? `HTTP ${status} "${apiMessage}"` : `HTTP ${status}`;
  const subject = `Partner query "${ctx.operation}" for org ${ctx.orgId}`;
  const base = { operation: ctx.operation, orgId: ctx.orgId, status };
  const make = (code: ConstructorParameters<typeof PartnerApiError>[0], message: string, extra = {}) =>
    new PartnerApiError(code, message, { ...base, ...extra });

  if (status === 429 || THROTTLED.test(text) || hasCode(errors, '429')) {
    return make('partner_rate_limited', `${subject} was throttled (${detail})`, {
      retryAfterMs: parseRetryAfter(outcome.retryAfter, nowMs),
    });
  }
  if (status >= 500) return make('partner_transient', `Partner query "${ctx.operation}" failed for org ${ctx.orgId}: ${detail}`);
  // The Partner API answers a token used on another organization's URL like a bad token: its docs
  // describe 401 for "an invalid API client … or against an invalid Organization". So 401 cannot be
  // told apart and the message names both causes; a bare 403 (no access-denied wording) is read as
  // "token of another organization" (partner_wrong_org).
  if (status === 401 || (status < 300 && (BAD_TOKEN.test(text) || hasCode(errors, '401')))) {
    return make(
      'partner_unauthorized',
      `${subject} was refused (${detail}): the access token is invalid or revoked, or belongs to another ` +
        `Partner organization. Create a Partner API client token in organization ${ctx.orgId} and reconnect.`,
    );
  }
  if (ACCESS_DENIED.test(text)) {
    return make(
      'partner_missing_permission',
      `${subject} was denied (${detail}): the Partner API client lacks the "${ctx.permission}" permission. ` +
        `Enable it in the Partner Dashboard (Settings → Partner API clients) and try again.`,
    );
  }
  if (status === 403) {
    return make(
      'partner_wrong_org',
      `${subject} was refused (${detail}): the access token does not belong to organization ${ctx.orgId}. ` +
        `Check the organization id, or use a token created in that organization.`,
    );
  }
  if (BAD_VERSION.test(text) || (status === 404 && !errors)) {
    return make(
      'partner_bad_version',
      `${subject} failed (${detail}): Partner API version "${ctx.apiVersion}" is not available. ` +
        `Set PARTNER_API_VERSION to a supported version (query publicApiVersions to list them).`,
    );
  }
  if (status >= 400) return make('partner_invalid_query', `${subject} was rejected (${detail})`);
  if (status < 200 || status >= 300) return make('partner_transient', `Partner query "${ctx.operation}" failed for org ${ctx.orgId}: HTTP ${status}`);
  if (outcome.malformed) {
    return make('partner_transient', `Partner query "${ctx.operation}" failed for org ${ctx.orgId}: HTTP ${status} with a malformed body`);
  }
  if (errors && errors.length > 0) {
    if (INTERNAL.test(text) || hasCode(errors, '500') || hasCode(errors, 'INTERNAL_SERVER_ERROR')) {
      return make('partner_transient', `Partner query "${ctx.operation}" failed for org ${ctx.orgId}: ${detail}`);
    }
    return make('partner_invalid_query', `${subject} was rejected by the API (${detail})`);
  }
  if (outcome.missingData) {
    return make('partner_transient', `Partner query "${ctx.operation}" failed for org ${ctx.orgId}: HTTP ${status} without data`);
  }
  return null;
}
