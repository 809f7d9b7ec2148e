export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'channel'; error: 'not_in_channel' | 'channel_not_found' | 'is_archived' | 'missing_scope' }
  | { kind: 'installation_gone'; error: string }
  | { kind: 'rejected'; error: string }
  /** No answer we can trust: Slack may or may not have posted. */
  | { kind: 'unknown'; error: string };

const GONE = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'not_authed', 'token_expired', 'team_access_not_granted']);
const CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'missing_scope']);

/** What a Web API failure means for delivery (REFERENCE.md "Rate limits and errors"). */
export function classifySlackError(error: unknown): SlackFailure {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000 };
    if (GONE.has(code)) return { kind: 'installation_gone', error: code };
    if (CHANNEL.has(code)) return { kind: 'channel', error: code as 'not_in_channel' };
    return { kind: 'rejected', error: code };
  }
  // A 4xx other than 429 was refused before posting; a 5xx, a timeout or a reset may have posted.
  if (e.code === 'slack_webapi_http_error' && e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    return { kind: 'rejected', error: `HTTP ${e.statusCode}` };
  }
  return { kind: 'unknown', error: e.message ?? String(error) };
}
