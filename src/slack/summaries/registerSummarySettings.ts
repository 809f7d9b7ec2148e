import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import { CADENCES } from '../../digest/schedule.ts';
import type { Logger } from '../../logger.ts';
import { listDigestTargets, setSummarySetting } from '../../storage/digestTargets.ts';
import type { Database } from '../../storage/schema.ts';
import { asInlineError, ensureRouteChannel } from '../alerts/routeChannel.ts';
import { buildNoticeModal } from '../alerts/settingsModal.ts';
import type { HomePublisher } from '../home/homePublisher.ts';
import { EDIT_SUMMARIES_ACTION } from '../home/summariesSection.ts';
import { actorOfInteraction } from '../permissions/actor.ts';
import { authorize } from '../permissions/adminActions.ts';
import { buildRefusalModal } from '../permissions/refusalView.ts';
import { buildSummariesModal, parseSummariesForm, summaryBlock, SUMMARIES_MODAL_CALLBACK, type SummariesFormValues } from './summariesModal.ts';

export interface SummarySettingsDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  home: HomePublisher;
}

/** The App Home's "Edit summaries" button and its modal: an admin action, checked at opening and at saving. */
export function registerSummarySettings(app: App, deps: SummarySettingsDeps): void {
  app.action(EDIT_SUMMARIES_ACTION, async ({ ack, body, client }) => {
    await ack();
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    const actor = actorOfInteraction(body);
    if (!triggerId || !actor.teamId) return;
    try {
      const rights = await authorize(deps, client, 'summary_settings', actor);
      if (!rights.allowed) return void (await client.views.open({ trigger_id: triggerId, view: buildRefusalModal(rights.message) }));
      const [target] = await listDigestTargets(deps.db, actor.teamId);
      if (!target) return void (await client.views.open({ trigger_id: triggerId, view: buildNoticeModal('Connect a Partner organization first: `/partner connect`.') }));
      await client.views.open({ trigger_id: triggerId, view: buildSummariesModal({ connectionId: target.connectionId }, target) });
    } catch (error) {
      deps.logger.warn('Could not open the summaries modal', { teamId: actor.teamId, error });
    }
  });

  app.view(SUMMARIES_MODAL_CALLBACK, async ({ ack, body, view, client }) => {
    const first = summaryBlock('daily', 'on');
    const actor = actorOfInteraction(body);
    try {
      // Rechecked at the submission: rights can change while the modal is open, and a submission can be crafted.
      const rights = await authorize(deps, client, 'summary_settings', actor);
      if (!rights.allowed) return void (await ack({ response_action: 'errors', errors: { [first]: rights.message } }));
      const [target] = await listDigestTargets(deps.db, actor.teamId);
      if (!target || readConnectionId(view.private_metadata) !== target.connectionId) {
        return void (await ack({ response_action: 'errors', errors: { [first]: 'This connection changed meanwhile. Close and open the summaries again.' } }));
      }
      const form = parseSummariesForm(view.state.values as SummariesFormValues, target);
      const errors = await checkChannels(client, form, deps.logger);
      if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));
      // Saved before the modal closes, so a failure can still be said in it.
      for (const cadence of CADENCES) await setSummarySetting(deps.db, target.connectionId, cadence, form[cadence], deps.clock.now());
      await ack();
      deps.logger.info('Summary settings saved', { connectionId: target.connectionId, on: CADENCES.filter((c) => form[c].on) });
      // Other viewers first: a refresh re-renders without a notice, and the actor's notice must stay.
      await deps.home.refresh(actor.teamId);
      await deps.home.publish(client, actor.teamId, actor.userId, 'Saved the summary settings.');
    } catch (error) {
      deps.logger.error('Could not save the summary settings', { teamId: actor.teamId, error });
      await ack({ response_action: 'errors', errors: { [first]: 'Saving failed. Try again in a minute.' } }).catch(() => undefined);
    }
  });
}

/** Each chosen channel must be one partnerbot can post in (a public one is joined now); errors by block. */
async function checkChannels(client: WebClient, form: ReturnType<typeof parseSummariesForm>, logger: Logger): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const checked = new Map<string, Awaited<ReturnType<typeof ensureRouteChannel>>>();
  for (const cadence of CADENCES) {
    const channelId = form[cadence].channelId;
    if (!channelId || !form[cadence].on) continue;
    const check = checked.get(channelId) ?? (await ensureRouteChannel(client, channelId, logger));
    checked.set(channelId, check);
    if (!check.ok) errors[summaryBlock(cadence, 'channel')] = asInlineError(check.message);
  }
  return errors;
}

function readConnectionId(text: string | undefined): number | null {
  try {
    const meta = JSON.parse(text || '{}') as { connectionId?: unknown };
    return typeof meta.connectionId === 'number' ? meta.connectionId : null;
  } catch {
    return null;
  }
}
