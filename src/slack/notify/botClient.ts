import type { InstallationStore } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';

/** A Web API client holding the workspace's bot token; null when the app is not installed there. */
export type BotClientFor = (workspaceId: string) => Promise<WebClient | null>;

/**
 * Background jobs (health DMs, Home refreshes) have no request to take a client from. With one
 * workspace the app's own client has the token; with OAuth the token comes from the installation,
 * and a missing installation (uninstalled) means nothing is posted.
 */
export function createBotClientLookup(options: {
  singleWorkspaceClient: WebClient | null;
  installationStore: InstallationStore;
  slackApiUrl: string;
  logger: Logger;
}): BotClientFor {
  return async (workspaceId) => {
    if (options.singleWorkspaceClient) return options.singleWorkspaceClient;
    try {
      const installation = await options.installationStore.fetchInstallation({ teamId: workspaceId, enterpriseId: undefined, isEnterpriseInstall: false });
      const token = installation.bot?.token;
      return token ? new WebClient(token, { slackApiUrl: options.slackApiUrl, retryConfig: { retries: 2 } }) : null;
    } catch (error) {
      options.logger.debug('No bot token for a workspace; skipping', { teamId: workspaceId, error });
      return null;
    }
  };
}
