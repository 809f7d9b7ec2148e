import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { WorkspaceInstallations } from './tokenForWorkspace.ts';

/** Who "we" are in a workspace: the ids Slack stamps on every message the bot posts there. */
export interface BotIdentity {
  botId: string | null;
  appId: string | null;
}

/** Our identity in a workspace, or null when it cannot be learned now (then no message counts as ours). */
export type BotIdentityFor = (workspaceId: string) => Promise<BotIdentity | null>;

export interface BotIdentityDeps {
  /** OAuth mode: the installation serving the workspace (its own, else its organization's org-wide one). */
  installationStore: WorkspaceInstallations;
  /** The workspace's bot client; single-workspace modes ask it auth.test. */
  clientFor: (workspaceId: string) => Promise<{ auth: Pick<WebClient['auth'], 'test'> } | null>;
}

/**
 * Single-workspace modes: auth.test with the one bot token, once (Bolt does the same at start but keeps
 * the answer to itself); a failure is retried on the next call.
 * OAuth: the installation serving the workspace, which Bolt filled from oauth.v2.access and auth.test.
 */
export function createBotIdentityFor(slack: Config['slack'], deps: BotIdentityDeps): BotIdentityFor {
  if (slack.kind === 'oauth') {
    return async (workspaceId) => {
      try {
        const installation = await deps.installationStore.fetchWorkspaceInstallation(workspaceId);
        return installation ? known({ botId: installation.bot?.id ?? null, appId: installation.appId ?? null }) : null;
      } catch {
        return null;
      }
    };
  }
  let learned: BotIdentity | null = null;
  return async (workspaceId) => {
    if (learned) return learned;
    try {
      const client = await deps.clientFor(workspaceId);
      if (!client) return null;
      const res = await client.auth.test();
      learned = known({ botId: res.bot_id ?? null, appId: res.app_id ?? null });
      return learned;
    } catch {
      return null;
    }
  };
}

const known = (identity: BotIdentity): BotIdentity | null => (identity.botId || identity.appId ? identity : null);

/** Whether a channel message was posted by us (its metadata alone proves nothing: anyone can set it). */
export function postedBy(identity: BotIdentity, message: { bot_id?: string; app_id?: string }): boolean {
  return (identity.botId !== null && message.bot_id === identity.botId) || (identity.appId !== null && message.app_id === identity.appId);
}
