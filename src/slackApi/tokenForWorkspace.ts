import type { Installation } from '@slack/bolt';
import type { Config } from '../config.ts';

/** A workspace's bot token, or null when it has none (not installed, or uninstalled). */
export type TokenForWorkspace = (workspaceId: string) => Promise<string | null>;

/**
 * The one lookup background work makes for a workspace's installation: its own, else the org-wide
 * (Enterprise Grid) installation that serves it. Bolt's fetchInstallation cannot answer this: it is
 * asked by key, and a background job knows only the workspace.
 */
export interface WorkspaceInstallations {
  fetchWorkspaceInstallation(workspaceId: string): Promise<Installation<'v1' | 'v2', boolean> | null>;
}

/** Single-workspace modes: the app's token. OAuth: the installation serving the workspace. */
export function createTokenForWorkspace(slack: Config['slack'], installations: WorkspaceInstallations): TokenForWorkspace {
  if (slack.kind !== 'oauth') return async () => slack.botToken;
  return async (workspaceId) => {
    try {
      const installation = await installations.fetchWorkspaceInstallation(workspaceId);
      return installation?.bot?.token ?? null;
    } catch {
      return null;
    }
  };
}
