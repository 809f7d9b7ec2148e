import { describe, expect, it } from 'vitest';
import { classifyOutcome, parseRetryAfter, type HttpOutcome } from '../../../src/partner/classify.ts';
import type { PartnerErrorCode } from '../../../src/partner/partnerErrors.ts';

const ctx = { operation: 'transactions', orgId: '1234', apiVersion: '2025-07', permission: 'View financials' };
const ok: HttpOutcome = { status: 200, retryAfter: null, errors: undefined, malformed: false, missingData: false };
const errs = (message: string, code?: string) => [{ message, extensions: code ? { code } : undefined }];

describe('classifyOutcome', () => {
  it.each<[string, Partial<HttpOutcome>, PartnerErrorCode | null]>([
    ['a clean 200', {}, null],
    ['HTTP 429', { status: 429, errors: errs('Too many requests', '429') }, 'partner_rate_limited'],
    ['200 "Too many requests"', { errors: errs('Too many requests', '429') }, 'partner_rate_limited'],
    ['HTTP 502 without body', { status: 502, malformed: true }, 'partner_transient'],
    ['200 junk', { malformed: true }, 'partner_transient'],
    ['200 "Internal error"', { errors: errs('Internal error. Looks like something went wrong on our end.\nRequest ID: x', '500') }, 'partner_transient'],
    ['200 without data', { missingData: true }, 'partner_transient'],
    ['HTTP 401', { status: 401, errors: errs('Invalid access token', '401') }, 'partner_unauthorized'],
    ['HTTP 403 without detail', { status: 403 }, 'partner_wrong_org'],
    ['HTTP 403 access denied', { status: 403, errors: errs('Access denied') }, 'partner_missing_permission'],
    ['HTTP 404 bad version', { status: 404, errors: errs('Invalid API version', '404') }, 'partner_bad_version'],
    ['200 ACCESS_DENIED', { errors: errs('Access denied for transactions field.', 'ACCESS_DENIED') }, 'partner_missing_permission'],
    ['200 permission wording', { errors: errs('You do not have permission to view financials') }, 'partner_missing_permission'],
    ['200 validation error', { errors: errs("Field 'reason' doesn't exist on type 'AppEvent'", 'undefinedField') }, 'partner_invalid_query'],
    ['HTTP 400 too long', { status: 400, errors: errs('Maximum query length is 50000 characters', '400') }, 'partner_invalid_query'],
  ])('when the answer is %s, then the code is %s', (_name, outcome, code) => {
    const error = classifyOutcome(ctx, { ...ok, ...outcome });
    expect(error?.code ?? null).toBe(code);
  });

  it('when a 5xx arrives, then the message names operation, org and status', () => {
    expect(classifyOutcome(ctx, { ...ok, status: 502, malformed: true })!.message).toBe('Partner query "transactions" failed for org 1234: HTTP 502');
  });

  it('when Retry-After is seconds or a date, then the wait is in ms', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(classifyOutcome(ctx, { ...ok, status: 429, retryAfter: '1' })!.retryAfterMs).toBe(1000);
  });
});
