import type { InstallationStore } from '@slack/bolt';
import type { Config } from '../config.ts';

/** A workspace's bot token, or null when it has none (not installed, or uninstalled). */
export type TokenForWorkspace = (workspaceId: string) => Promise<string | null>;

/** Single-workspace modes: the app's token. OAuth: the workspace's stored installation. */
export function createTokenForWorkspace(slack: Config['slack'], installationStore: InstallationStore): TokenForWorkspace {
  if (slack.kind !== 'oauth') return async () => slack.botToken;
  return async (workspaceId) => {
    try {
      const installation = await installationStore.fetchInstallation({ teamId: workspaceId, enterpriseId: undefined, isEnterpriseInstall: false });
      return installation.bot?.token ?? null;
    } catch {
      return null;
    }
  };
}
