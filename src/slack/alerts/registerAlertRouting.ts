import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import { addRoute, listRoutes, replaceRoute } from '../../storage/alertRoutes.ts';
import type { Database } from '../../storage/schema.ts';
import type { HomePublisher } from '../home/homePublisher.ts';
import { parseRouteButtonValue, ROUTING_ADD_ACTION, ROUTING_EDIT_ACTION, ROUTING_REMOVE_ACTION } from '../home/routingSection.ts';
import { actorOfInteraction, type Actor } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
import { buildRefusalModal } from '../permissions/refusalView.ts';
import { checkRoute, loadRoutingState, removeRouteAt } from './routeChanges.ts';
import { asInlineError } from './routeChannel.ts';
import { buildNoticeModal } from './settingsModal.ts';
import { buildRoutingModal, parseRoutingForm, ROUTE_BLOCKS, ROUTING_MODAL_CALLBACK, type RoutingFormValues, type RoutingModalMeta } from './routingModal.ts';

export interface AlertRoutingDeps {
  db: Kysely<Database>;
  logger: Logger;
  home: HomePublisher;
  /** Called after a rule was added, changed or removed (the routing engine may settle queued alerts). */
  onRoutesChanged?: (workspaceId: string, connectionId: number) => Promise<void>;
}

const STALE = 'The rules changed meanwhile (another admin edited them). Nothing was changed: look at the list again.';

/** The App Home's "Alert routing" buttons and the rule modal: every step is an admin action, checked afresh. */
export function registerAlertRouting(app: App, deps: AlertRoutingDeps): void {
  const changed = async (client: Pick<WebClient, 'views'>, actor: Actor, connectionId: number, notice: string) => {
    await deps.onRoutesChanged?.(actor.teamId, connectionId).catch((error: unknown) => deps.logger.warn('After-routing-change hook failed', { error }));
    // Other viewers first: a refresh re-renders without a notice, and the actor's notice must stay.
    await deps.home.refresh(actor.teamId);
    await deps.home.publish(client, actor.teamId, actor.userId, notice);
  };

  const openRuleModal = async (body: unknown, client: WebClient, value: string | undefined) => {
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    const actor = actorOfInteraction(body as never);
    if (!triggerId || !actor.teamId) return;
    const rights = await authorize(deps, client, 'alert_routing', actor);
    if (!rights.allowed) return void (await client.views.open({ trigger_id: triggerId, view: buildRefusalModal(rights.message) }));
    const state = await loadRoutingState(deps.db, actor.teamId);
    if (!state) return void (await client.views.open({ trigger_id: triggerId, view: buildNoticeModal('Connect a Partner organization first: `/partner connect`.') }));
    const target = value === undefined ? null : parseRouteButtonValue(value);
    const route = target ? state.routes.find((r) => r.position === target.position && r.id === target.id) : null;
    if (value !== undefined && !route) return void (await client.views.open({ trigger_id: triggerId, view: buildNoticeModal(STALE) }));
    const meta: RoutingModalMeta = { connectionId: state.connection.id, position: route?.position ?? null, routeId: route?.id ?? null };
    await client.views.open({ trigger_id: triggerId, view: buildRoutingModal(meta, state.apps, route ?? null) });
  };

  app.action(ROUTING_ADD_ACTION, async ({ ack, body, client }) => {
    await ack();
    await openRuleModal(body, client, undefined).catch((error: unknown) => deps.logger.warn('Could not open the routing rule modal', { error }));
  });

  app.action(ROUTING_EDIT_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const value = 'value' in action ? String(action.value ?? '') : '';
    await openRuleModal(body, client, value).catch((error: unknown) => deps.logger.warn('Could not open the routing rule modal', { error }));
  });

  app.action(ROUTING_REMOVE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const actor = actorOfInteraction(body);
    try {
      const rights = await authorize(deps, client, 'alert_routing', actor);
      if (!rights.allowed) return void (await deps.home.publish(client, actor.teamId, actor.userId, rights.message));
      const state = await loadRoutingState(deps.db, actor.teamId);
      const target = parseRouteButtonValue('value' in action ? String(action.value ?? '') : '');
      const removed = state && target ? await removeRouteAt(deps.db, state.connection.id, target.position, target.id) : null;
      if (!state || !removed) return void (await deps.home.publish(client, actor.teamId, actor.userId, STALE));
      deps.logger.info('Alert routing rule removed', { connectionId: state.connection.id, position: removed.position });
      await changed(client, actor, state.connection.id, `Removed rule ${removed.position}.`);
    } catch (error) {
      deps.logger.error('Could not remove a routing rule', { teamId: actor.teamId, error });
    }
  });

  app.view(ROUTING_MODAL_CALLBACK, async ({ ack, body, view, client }) => {
    const first = ROUTE_BLOCKS.what;
    const actor = actorOfInteraction(body);
    try {
      // Rechecked at the submission: rights can change while the modal is open, and a submission can be crafted.
      const rights = await authorize(deps, client, 'alert_routing', actor);
      if (!rights.allowed) return void (await ack({ response_action: 'errors', errors: { [first]: rights.message } }));
      const meta = readMeta(view.private_metadata);
      const state = await loadRoutingState(deps.db, actor.teamId);
      if (!state || !meta || state.connection.id !== meta.connectionId) {
        return void (await ack({ response_action: 'errors', errors: { [first]: 'This connection changed meanwhile. Close and open the rule again.' } }));
      }
      const form = parseRoutingForm(view.state.values as RoutingFormValues);
      if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
      const checked = await checkRoute(client, state.apps, form.request, deps.logger);
      if (!checked.ok) {
        return void (await ack({ response_action: 'errors', errors: { [checked.field === 'app' ? ROUTE_BLOCKS.app : ROUTE_BLOCKS.channel]: asInlineError(checked.message) } }));
      }
      let position: number;
      if (meta.position === null) {
        position = (await addRoute(deps.db, state.connection.id, checked.route)).position;
      } else {
        const current = (await listRoutes(deps.db, state.connection.id)).find((r) => r.position === meta.position);
        const replaced = current && current.id === meta.routeId ? await replaceRoute(deps.db, state.connection.id, meta.position, checked.route) : null;
        if (!replaced) return void (await ack({ response_action: 'errors', errors: { [first]: STALE } }));
        position = replaced.position;
      }
      await ack();
      deps.logger.info('Alert routing rule saved', { connectionId: state.connection.id, position });
      await changed(client, actor, state.connection.id, `${meta.position === null ? 'Added' : 'Saved'} rule ${position}.`);
    } catch (error) {
      deps.logger.error('Could not save a routing rule', { teamId: actor.teamId, error });
      await ack({ response_action: 'errors', errors: { [first]: 'Saving failed. Try again in a minute.' } }).catch(() => undefined);
    }
  });
}

function readMeta(text: string | undefined): RoutingModalMeta | null {
  try {
    const meta = JSON.parse(text || '{}') as Partial<RoutingModalMeta>;
    if (typeof meta.connectionId !== 'number') return null;
    const position = typeof meta.position === 'number' ? meta.position : null;
    return { connectionId: meta.connectionId, position, routeId: typeof meta.routeId === 'number' ? meta.routeId : null };
  } catch {
    return null;
  }
}
