import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Single-workspace modes. Bolt's own `token` option calls auth.test once, in its constructor, and
 * keeps that promise: a Slack that is unreachable at start-up crashed the process (an unhandled
 * rejection), and a failure would have answered every later request. This asks on the first request,
 * keeps only an answer, and asks again after a failure (Slack being down is not ours to give up on).
 */
export function singleWorkspaceAuthorize(botToken: string, client: Pick<WebClient, 'auth'>): Authorize<boolean> {
  let identity: Promise<Pick<AuthorizeResult, 'botId' | 'botUserId'>> | null = null;
  return async ({ isEnterpriseInstall }) => {
    identity ??= client.auth
      .test({ token: botToken })
      .then((res) => ({ botId: res.bot_id, botUserId: res.user_id }))
      .catch((error: unknown) => {
        identity = null;
        throw error;
      });
    return { isEnterpriseInstall, botToken, ...(await identity) };
  };
}
