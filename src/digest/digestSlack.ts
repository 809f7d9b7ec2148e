import { LogLevel, WebClient } from '@slack/web-api';
import type { TokenForWorkspace } from '../alerts/slackClients.ts';

/** The part of the Web API the digest uses. */
export interface DigestSlack {
  chat: Pick<WebClient['chat'], 'postMessage'>;
  conversations: Pick<WebClient['conversations'], 'info' | 'join' | 'history'>;
  filesUploadV2: WebClient['filesUploadV2'];
}

/**
 * One WebClient per bot token, without automatic retries: a 429 is waited out by the digest (it keeps
 * its claim meanwhile), and a retried chat.postMessage whose first attempt Slack accepted would post
 * the digest twice.
 */
export function createDigestSlackClients(slackApiUrl: string, tokenForWorkspace: TokenForWorkspace): (workspaceId: string) => Promise<DigestSlack | null> {
  const clients = new Map<string, WebClient>();
  return async (workspaceId) => {
    const token = await tokenForWorkspace(workspaceId);
    if (!token) return null;
    let client = clients.get(token);
    if (!client) {
      client = new WebClient(token, { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR, timeout: 30_000 });
      clients.set(token, client);
    }
    return client;
  };
}
