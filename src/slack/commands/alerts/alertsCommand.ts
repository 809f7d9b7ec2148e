import type { Kysely } from 'kysely';
import type { Clock } from '../../../clock.ts';
import { buildSampleAlert } from '../../../alerts/routing/sampleAlert.ts';
import { NOT_CONNECTED_MESSAGE } from '../../../figures/figureScope.ts';
import { addRoute } from '../../../storage/alertRoutes.ts';
import type { Database } from '../../../storage/schema.ts';
import { channelLink, merchantText } from '../../../slackApi/mrkdwn.ts';
import { checkRoute, loadRoutingState, removeRouteAt } from '../../alerts/routeChanges.ts';
import { ensureRouteChannel, resolveChannel } from '../../alerts/routeChannel.ts';
import { authorize } from '../../permissions/adminActions.ts';
import type { CommandContext, SubcommandHandler } from '../partnerCommand.ts';
import { kindsReply, routeListReply } from './alertsReplies.ts';
import { parseAlertsCommand } from './parseAlertsCommand.ts';

export interface AlertsCommandDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Re-publishes the workspace's Home tabs, so the "Alert routing" section shows the change. */
  onRoutesChanged?: (workspaceId: string, connectionId: number) => Promise<void>;
}

const reply = (ctx: CommandContext, text: string) => ctx.respond({ response_type: 'ephemeral', text });

/**
 * `/partner alerts [list | kinds | add … | remove N | test #channel]`. Reading the rules is open to
 * every member, like the Home tab that shows them; adding, removing and testing are admin actions.
 * Bad input changes nothing and says what was wrong.
 */
export function alertsCommand(deps: AlertsCommandDeps): SubcommandHandler {
  return async (ctx) => {
    const command = parseAlertsCommand(ctx.args);
    if (command.kind === 'kinds') return void (await reply(ctx, kindsReply()));
    if (command.kind !== 'list') {
      // Checked before the input is judged: a member learns they may not, not how to type it.
      const rights = await authorize({ db: deps.db, logger: ctx.logger }, ctx.client, 'alert_routing', { teamId: ctx.workspaceId, enterpriseId: ctx.enterpriseId, userId: ctx.userId });
      if (!rights.allowed) return void (await reply(ctx, rights.message));
    }
    if (command.kind === 'error') return void (await reply(ctx, command.message));
    const state = await loadRoutingState(deps.db, ctx.workspaceId);
    if (!state) return void (await reply(ctx, NOT_CONNECTED_MESSAGE));
    const { connection, apps, routes } = state;
    const changed = () => deps.onRoutesChanged?.(ctx.workspaceId, connection.id).catch((error: unknown) => ctx.logger.warn('Could not refresh after a routing change', { error }));

    switch (command.kind) {
      case 'list':
        return void (await reply(ctx, routeListReply(routes, apps)));
      case 'add': {
        const channel = await resolveChannel(ctx.client, command.draft.channel, ctx.logger);
        if (!channel.ok) return void (await reply(ctx, channel.message));
        const checked = await checkRoute(ctx.client, apps, { ...command.draft, channelId: channel.channelId }, ctx.logger);
        if (!checked.ok) return void (await reply(ctx, checked.message));
        const added = await addRoute(deps.db, connection.id, checked.route);
        ctx.logger.info('Alert routing rule added', { connectionId: connection.id, position: added.position });
        await changed();
        return void (await reply(ctx, routeListReply([...routes, added], apps, `Added rule ${added.position}.`)));
      }
      case 'remove': {
        if (command.position > routes.length) {
          const range = routes.length === 0 ? 'There are no rules to remove.' : routes.length === 1 ? 'There is 1 rule: give 1.' : `There are ${routes.length} rules: give a number from 1 to ${routes.length}.`;
          return void (await reply(ctx, `There is no rule ${command.position}. ${range}`));
        }
        const removed = await removeRouteAt(deps.db, connection.id, command.position, routes[command.position - 1]!.id);
        if (!removed) return void (await reply(ctx, 'The rules changed meanwhile: nothing was removed. Type `/partner alerts` to see them now.'));
        ctx.logger.info('Alert routing rule removed', { connectionId: connection.id, position: command.position });
        await changed();
        const left = routes.filter((r) => r.id !== removed.id).map((r, i) => ({ ...r, position: i + 1 }));
        return void (await reply(ctx, routeListReply(left, apps, `Removed rule ${command.position}.`)));
      }
      case 'test': {
        const channel = await resolveChannel(ctx.client, command.channel, ctx.logger);
        if (!channel.ok) return void (await reply(ctx, channel.message));
        const access = await ensureRouteChannel(ctx.client, channel.channelId, ctx.logger);
        if (!access.ok) return void (await reply(ctx, access.message));
        const message = buildSampleAlert(apps[0]?.name ?? 'Your app', deps.clock.now());
        try {
          await ctx.client.chat.postMessage({ channel: channel.channelId, ...message, unfurl_links: false, unfurl_media: false });
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error ?? 'no answer';
          ctx.logger.warn('Test alert not posted', { channelId: channel.channelId, slackError: code });
          return void (await reply(ctx, `Slack did not accept the test alert in ${channelLink(channel.channelId)} (${merchantText(code, 60)}). Try again in a minute.`));
        }
        return void (await reply(ctx, `Posted a test alert in ${channelLink(channel.channelId)}.`));
      }
    }
  };
}
