export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'channel'; error: 'not_in_channel' | 'channel_not_found' | 'is_archived' | 'missing_scope' }
  /**
   * Slack refuses the bot token. Not proof the app is gone (an operator may be rotating
   * SLACK_BOT_TOKEN): only the app_uninstalled / tokens_revoked events may forget an installation.
   */
  | { kind: 'token_refused'; error: string }
  /** Slack refused this request for what it is (invalid_blocks, msg_too_long...): sending it again as is fails again. */
  | { kind: 'rejected'; error: string }
  /** Slack failed (internal_error, 5xx, a timeout, a reset). It may or may not have posted; it should pass. */
  | { kind: 'transient'; error: string };

const TOKEN_REFUSED = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'not_authed', 'token_expired', 'team_access_not_granted']);
const CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'missing_scope']);
/**
 * Answered with HTTP 200 and ok:false, yet Slack's own failures: its docs say "it's possible some
 * aspect of the operation succeeded" for internal_error and fatal_error. team_added_to_org is a
 * workspace moving into an Enterprise Grid org, which takes minutes.
 */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** What a Web API failure means for delivery (REFERENCE.md "Rate limits and errors"). */
export function classifySlackError(error: unknown): SlackFailure {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000 };
    if (TOKEN_REFUSED.has(code)) return { kind: 'token_refused', error: code };
    if (CHANNEL.has(code)) return { kind: 'channel', error: code as 'not_in_channel' };
    if (TRANSIENT.has(code)) return { kind: 'transient', error: code };
    return { kind: 'rejected', error: code };
  }
  // A 4xx other than 429 was refused before posting; a 5xx, a timeout or a reset may have posted.
  if (e.code === 'slack_webapi_http_error' && e.statusCode !== undefined) {
    if (e.statusCode >= 400 && e.statusCode < 500) return { kind: 'rejected', error: `HTTP ${e.statusCode}` };
    return { kind: 'transient', error: `HTTP ${e.statusCode}` };
  }
  return { kind: 'transient', error: e.message ?? String(error) };
}
