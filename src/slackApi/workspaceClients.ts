import { LogLevel, WebClient, type FetchFunction } from '@slack/web-api';
import type { TokenForWorkspace } from './tokenForWorkspace.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

/** A workspace's Web API client, or null when the app has no bot token there (not installed, or uninstalled). */
export type WorkspaceClientFor = (workspaceId: string) => Promise<WebClient | null>;

export interface ClientPolicy {
  /** Per-call timeout (default 30 s): Slack sometimes never answers, and a call must not wait forever. */
  timeoutMs?: number;
  /**
   * Automatic retries, 0 unless given. Alerts and the digest keep 0: a retried chat.postMessage whose
   * first attempt Slack accepted would post twice, and a 429 is handed back to them to wait out, so a
   * channel's order holds. A client given retries also waits out a 429 by itself: Home refreshes and
   * health DMs (2 retries) keep no order.
   */
  retries?: number;
}

/**
 * The one way background work (alerts, digest, Home refreshes, health DMs) gets a workspace's client:
 * one WebClient per bot token, kept for the process, with the caller's policy.
 */
export function createWorkspaceClients(
  source: { slackApiUrl: string; tokenForWorkspace: TokenForWorkspace; fetch?: FetchFunction },
  policy: ClientPolicy,
): WorkspaceClientFor {
  const retries = policy.retries ?? 0;
  const clients = new Map<string, WebClient>();
  return async (workspaceId) => {
    const token = await source.tokenForWorkspace(workspaceId);
    if (!token) return null;
    let client = clients.get(token);
    if (!client) {
      client = new WebClient(token, {
        slackApiUrl: source.slackApiUrl,
        retryConfig: { retries },
        rejectRateLimitedCalls: retries === 0,
        logLevel: LogLevel.ERROR,
        timeout: policy.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        fetch: source.fetch,
      });
      clients.set(token, client);
    }
    return client;
  };
}
