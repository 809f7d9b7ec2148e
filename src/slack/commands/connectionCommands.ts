import type { KnownBlock } from '@slack/types';
import { buildDisconnectConfirmation } from '../connect/disconnect.ts';
import type { ConnectDeps } from '../connect/connectDeps.ts';
import { openConnectModal } from '../connect/openConnectModal.ts';
import { authorize } from '../permissions/adminActions.ts';
import { loadConnectionSummary } from '../home/connectionSummary.ts';
import { statusBlocks, statusText } from '../home/statusBlocks.ts';
import type { CommandContext, SubcommandHandler } from './partnerCommand.ts';

const NOT_CONNECTED = 'This workspace is not connected to a Shopify Partner organization yet. An admin can type `/partner connect`.';

const actorOf = (ctx: CommandContext) => ({ teamId: ctx.workspaceId, enterpriseId: ctx.enterpriseId, userId: ctx.userId });

/** `/partner connect`, `/partner status` and `/partner disconnect`; each only sees its own workspace. */
export function connectionCommands(deps: ConnectDeps): Record<'connect' | 'status' | 'disconnect', SubcommandHandler> {
  return {
    async connect(ctx) {
      const outcome = await openConnectModal(deps, ctx.client, actorOf(ctx), ctx.triggerId, ctx.logger);
      if (!outcome.opened) await ctx.respond({ response_type: 'ephemeral', text: outcome.refusal });
    },

    async status(ctx) {
      const summary = await loadConnectionSummary(deps.db, ctx.workspaceId);
      if (!summary) {
        await ctx.respond({ response_type: 'ephemeral', text: NOT_CONNECTED });
        return;
      }
      const blocks: KnownBlock[] = [
        { type: 'header', text: { type: 'plain_text', text: 'partnerbot status' } },
        ...statusBlocks(summary),
      ];
      await ctx.respond({ response_type: 'ephemeral', text: statusText(summary), blocks });
    },

    async disconnect(ctx) {
      const rights = await authorize({ db: deps.db, logger: ctx.logger }, ctx.client, 'disconnect', actorOf(ctx));
      if (!rights.allowed) {
        await ctx.respond({ response_type: 'ephemeral', text: rights.message });
        return;
      }
      const summary = await loadConnectionSummary(deps.db, ctx.workspaceId);
      if (!summary) {
        await ctx.respond({ response_type: 'ephemeral', text: 'Nothing to disconnect: this workspace is not connected.' });
        return;
      }
      await ctx.respond({ response_type: 'ephemeral', ...buildDisconnectConfirmation(summary.connection) });
    },
  };
}
