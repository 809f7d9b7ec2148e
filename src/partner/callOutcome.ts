import type { PartnerApiError, PartnerErrorCode } from './partnerErrors.ts';

/**
 * How one HTTP attempt at the Partner API ended, for the calls metric: a fixed vocabulary, so it
 * never carries an organization, a token or a message.
 */
export type PartnerCallOutcome =
  | 'ok'
  | 'throttled'
  | 'server_error'
  | 'timeout'
  | 'network_error'
  | 'too_large'
  | 'malformed'
  | 'transient'
  | 'unauthorized'
  | 'wrong_org'
  | 'bad_version'
  | 'app_not_found'
  | 'missing_permission'
  | 'invalid_query';

const REFUSED: Record<Exclude<PartnerErrorCode, 'partner_rate_limited' | 'partner_transient'>, PartnerCallOutcome> = {
  partner_unauthorized: 'unauthorized',
  partner_wrong_org: 'wrong_org',
  partner_bad_version: 'bad_version',
  partner_app_not_found: 'app_not_found',
  partner_missing_permission: 'missing_permission',
  partner_invalid_query: 'invalid_query',
};

/** The outcome of an answer the API gave (classify.ts made it an error). */
export function outcomeOfAnswer(error: PartnerApiError): PartnerCallOutcome {
  if (error.code === 'partner_rate_limited') return 'throttled';
  if (error.code !== 'partner_transient') return REFUSED[error.code];
  const status = error.status ?? 0;
  if (status >= 500) return 'server_error';
  return status >= 200 && status < 300 ? 'malformed' : 'transient';
}
