import { AppError, type AppErrorCode } from '../errors.ts';

/** Every way a Partner API call can fail, as far as the caller needs to tell them apart. */
export type PartnerErrorCode = Extract<AppErrorCode, `partner_${string}`>;

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

export class PartnerApiError extends AppError {
  declare readonly code: PartnerErrorCode;
  /** True when trying again later may succeed (throttling, 5xx, network). */
  readonly retryable: boolean;
  readonly operation: string;
  readonly orgId: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  override readonly cause: unknown;

  constructor(code: PartnerErrorCode, message: string, details: PartnerErrorDetails) {
    super(code, message, { cause: details.cause });
    this.name = 'PartnerApiError';
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
