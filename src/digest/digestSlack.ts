import type { FetchFunction, WebClient } from '@slack/web-api';
import type { TokenForWorkspace } from '../slackApi/tokenForWorkspace.ts';
import { createWorkspaceClients } from '../slackApi/workspaceClients.ts';

/** The part of the Web API the digest uses. */
export interface DigestSlack {
  chat: Pick<WebClient['chat'], 'postMessage'>;
  conversations: Pick<WebClient['conversations'], 'info' | 'join' | 'history'>;
  filesUploadV2: WebClient['filesUploadV2'];
}

/** Clients for the digest: a 429 is waited out by the digest, which keeps its claim meanwhile. */
export function createDigestSlackClients(slackApiUrl: string, tokenForWorkspace: TokenForWorkspace, fetch?: FetchFunction): (workspaceId: string) => Promise<DigestSlack | null> {
  return createWorkspaceClients({ slackApiUrl, tokenForWorkspace, fetch }, { timeoutMs: 30_000 });
}
