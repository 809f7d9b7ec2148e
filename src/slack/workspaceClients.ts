import { LogLevel, WebClient } from '@slack/web-api';

/** A workspace's bot token, or null when it has none (not installed, or uninstalled). */
export type TokenForWorkspace = (workspaceId: string) => Promise<string | null>;

/**
 * Web API clients for background work (alerts, digest), one per bot token. No automatic retries: a
 * retried chat.postMessage whose first attempt Slack accepted would post twice, and a 429 is waited
 * out by the caller so a channel's order holds.
 */
export function createWorkspaceClients(
  slackApiUrl: string,
  tokenForWorkspace: TokenForWorkspace,
  options: { timeoutMs: number },
): (workspaceId: string) => Promise<WebClient | null> {
  const clients = new Map<string, WebClient>();
  return async (workspaceId) => {
    const token = await tokenForWorkspace(workspaceId);
    if (!token) return null;
    let client = clients.get(token);
    if (!client) {
      client = new WebClient(token, { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR, timeout: options.timeoutMs });
      clients.set(token, client);
    }
    return client;
  };
}
