import type { App } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { CONNECT_BUTTON_ACTION, EDIT_SETTINGS_ACTION } from '../home/homeView.ts';
import { actorOfInteraction } from '../permissions/actor.ts';
import { buildRefusalModal } from '../permissions/refusalView.ts';
import type { ConnectDeps } from './connectDeps.ts';
import { CONNECT_CALLBACK_ID, decodeMetadata, readSubmittedForm, toBlockErrors, validateForm } from './connectForm.ts';
import { buildCheckingView, buildMessageView } from './connectModalView.ts';
import { runConnect } from './connectWorkflow.ts';
import { openConnectModal } from './openConnectModal.ts';

/** The modal's submission and the Home buttons that open it. */
export function registerConnect(app: App, deps: ConnectDeps): void {
  app.view(CONNECT_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const actor = actorOfInteraction(body);
    const logger = deps.logger.child({ teamId: actor.teamId, userId: actor.userId, action: 'connect_submit' });
    const mode = decodeMetadata(view.private_metadata);
    const form = readSubmittedForm(view.state.values as Parameters<typeof readSubmittedForm>[0]);
    const checked = validateForm(form, mode);
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: toBlockErrors(checked.errors) });
      return;
    }
    // The Partner API may take longer than the 3 s Slack waits for an answer.
    await ack({ response_action: 'update', view: buildCheckingView(mode) });
    let next;
    try {
      next = await runConnect(deps, client, actor, mode, form, checked.request, logger);
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      logger.error('Connecting failed', { reference, error });
      next = buildMessageView('partnerbot', `Sorry, that did not work because of a problem on our side; nothing may have been saved. Please try again in a minute. Reference: ${reference}.`);
    }
    await client.views.update({ view_id: view.id, view: next }).catch((error: unknown) => logger.warn('Could not update the connect modal', { error }));
  });

  for (const actionId of [CONNECT_BUTTON_ACTION, EDIT_SETTINGS_ACTION]) {
    app.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const actor = actorOfInteraction(body);
      const logger = deps.logger.child({ teamId: actor.teamId, userId: actor.userId, action: actionId });
      const triggerId = 'trigger_id' in body ? body.trigger_id : '';
      try {
        const outcome = await openConnectModal(deps, client, actor, triggerId, logger);
        if (!outcome.opened) await client.views.open({ trigger_id: triggerId, view: buildRefusalModal(outcome.refusal) });
      } catch (error) {
        logger.error('Could not open the connect modal', { error });
      }
    });
  }
}
