import { errorMessage } from '../errors.ts';
import { PartnerApiError } from '../partner/partnerErrors.ts';

export interface SyncFailure {
  code: string;
  /** Safe to show a user: says what went wrong and what to do. */
  message: string;
  /** Retrying cannot help until someone changes something (token, permissions, app id, version). */
  fatal: boolean;
}

/** Turns whatever stopped a sync cycle into the health record the connection keeps. */
export function describeSyncFailure(error: unknown): SyncFailure {
  if (error instanceof PartnerApiError) {
    return { code: error.code, message: error.message, fatal: !error.retryable };
  }
  return {
    code: 'sync_internal',
    message: `Syncing stopped on an internal error (${errorMessage(error).slice(0, 200)}); it will be retried.`,
    fatal: false,
  };
}
