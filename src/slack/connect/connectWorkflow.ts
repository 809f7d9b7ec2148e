import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import { findLiveConnection, readPartnerToken } from '../../storage/connections.ts';
import type { Actor } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
import { buildRefusalModal } from '../permissions/refusalView.ts';
import { completeConnection } from './completeConnection.ts';
import type { ConnectDeps } from './connectDeps.ts';
import type { ConnectMode, ConnectRequest, FieldErrors, SubmittedForm } from './connectForm.ts';
import { buildConnectedView, buildConnectModal } from './connectModalView.ts';
import { verifyCredentials } from './verifyCredentials.ts';

type SlackClient = Pick<WebClient, 'users' | 'conversations' | 'chat'>;

/**
 * What happens after the "Checking…" view: permission, credential check against the Partner API,
 * then save. Returns the view to show: the success view, or the form again with the problems
 * under their fields and every value the user typed except the token.
 */
export async function runConnect(
  deps: ConnectDeps,
  client: SlackClient,
  actor: Actor,
  mode: ConnectMode,
  form: SubmittedForm,
  request: ConnectRequest,
  logger: Logger,
): Promise<View> {
  const current = await findLiveConnection(deps.db, actor.teamId);
  // Rechecked here, not only when the modal opened: a submission can be crafted, and rights can
  // change while the modal is open. The modal's own mode (private_metadata) proves nothing.
  const rights = await authorize({ db: deps.db, logger }, client, current ? 'edit_connection' : 'connect', actor);
  if (!rights.allowed) return buildRefusalModal(rights.message);

  const formAgain = (errors: FieldErrors) =>
    buildConnectModal({ mode, values: { ...form }, errors, tokenHint: current?.tokenHint ?? null });

  let token = request.token;
  if (token === null) {
    // Editing with the token left empty keeps the stored one, but only for the same organization.
    if (!current || current.organizationId !== request.organizationId) {
      return formAgain({ token: `Enter an access token for organization ${request.organizationId}: the stored token ${current ? `belongs to organization ${current.organizationId}` : 'is gone'}.` });
    }
    token = await readPartnerToken(deps.db, deps.cipher, current.id);
    if (!token) return formAgain({ token: 'Enter the access token again: the stored one was deleted.' });
  }

  const check = await verifyCredentials(deps.partner, { orgId: request.organizationId, token }, request.appIds, logger);
  if (!check.ok) return formAgain(check.errors);

  const summary = await completeConnection(
    deps,
    client,
    actor,
    { mode, request, token, apps: check.apps, previousAlertsChannelId: current?.alertsChannelId ?? null },
    logger,
  );
  return buildConnectedView(summary);
}
