import type { FetchFunction, WebClient } from '@slack/web-api';
import type { TokenForWorkspace } from '../slackApi/tokenForWorkspace.ts';
import { createWorkspaceClients } from '../slackApi/workspaceClients.ts';

/** The part of the Web API alert delivery uses. */
export interface AlertSlack {
  chat: Pick<WebClient['chat'], 'postMessage'>;
  conversations: Pick<WebClient['conversations'], 'info' | 'join' | 'history'>;
}

/** Clients for alert delivery (see ClientPolicy for why they never retry by themselves). */
export function createAlertSlackClients(slackApiUrl: string, tokenForWorkspace: TokenForWorkspace, fetch?: FetchFunction): (workspaceId: string) => Promise<AlertSlack | null> {
  return createWorkspaceClients({ slackApiUrl, tokenForWorkspace, fetch }, { timeoutMs: 15_000 });
}
