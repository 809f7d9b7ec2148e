/** Codes for every failure partnerbot reports; the code decides retry and what a user is told. */
export type AppErrorCode =
  | 'config_invalid'
  | 'data_dir_locked'
  | 'embedded_database_unavailable'
  | 'embedded_database_upgrade_failed'
  | 'encryption_key_unknown'
  | 'installation_not_found'
  | 'partner_rate_limited'
  | 'partner_transient'
  | 'partner_unauthorized'
  | 'partner_wrong_org'
  | 'partner_bad_version'
  | 'partner_app_not_found'
  | 'partner_missing_permission'
  | 'partner_invalid_query'
  | 'digest_post_failed';

/** The one error base: a code, a message that names the operation and subject, and the cause. */
export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
