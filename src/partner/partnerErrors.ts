/** Every way a Partner API call can fail, as far as the caller needs to tell them apart. */
export type PartnerErrorCode =
  | 'partner_rate_limited'
  | 'partner_transient'
  | 'partner_unauthorized'
  | 'partner_wrong_org'
  | 'partner_bad_version'
  | 'partner_app_not_found'
  | 'partner_missing_permission'
  | 'partner_invalid_query';

const RETRYABLE: ReadonlySet<PartnerErrorCode> = new Set(['partner_rate_limited', 'partner_transient']);

export interface PartnerErrorDetails {
  /** The GraphQL operation, e.g. "transactions". */
  operation: string;
  orgId: string;
  /** HTTP status when an answer arrived. */
  status?: number;
  /** How long the API asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class PartnerApiError extends Error {
  readonly code: PartnerErrorCode;
  /** True when trying again later may succeed (throttling, 5xx, network). */
  readonly retryable: boolean;
  readonly operation: string;
  readonly orgId: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  override readonly cause: unknown;

  constructor(code: PartnerErrorCode, message: string, details: PartnerErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'PartnerApiError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.operation = details.operation;
    this.orgId = details.orgId;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.cause = details.cause;
  }
}

export function isPartnerApiError(error: unknown, code?: PartnerErrorCode): error is PartnerApiError {
  return error instanceof PartnerApiError && (code === undefined || error.code === code);
}
