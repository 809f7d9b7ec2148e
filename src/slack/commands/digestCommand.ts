import type { DigestDeps } from '../../digest/digestDeps.ts';
import type { DigestNowResult } from '../../digest/sendDigestNow.ts';
import { NOT_CONNECTED_MESSAGE } from '../../figures/figureScope.ts';
import { listDigestTargets } from '../../storage/digestTargets.ts';
import { lastSentDigest } from '../../storage/digests.ts';
import { digestNowReply, scheduleReply } from './digestReplies.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/**
 * `/partner digest now` posts the last complete week's digest to the digest channel at once;
 * `/partner digest` says when and where the weekly one goes.
 */
export function digestCommand(deps: Pick<DigestDeps, 'db' | 'clock'>, digestNow: (workspaceId: string) => Promise<DigestNowResult>): SubcommandHandler {
  return async (ctx) => {
    const arg = ctx.args.trim().toLowerCase();
    if (arg === 'now') {
      const result = await digestNow(ctx.workspaceId);
      if (!result.ok) ctx.logger.info('On-demand digest not posted', { reason: result.reason, failure: 'failure' in result ? result.failure : undefined });
      await ctx.respond({ response_type: 'ephemeral', text: digestNowReply(result) });
      return;
    }
    const [target] = await listDigestTargets(deps.db, ctx.workspaceId);
    if (!target) {
      await ctx.respond({ response_type: 'ephemeral', text: NOT_CONNECTED_MESSAGE });
      return;
    }
    const last = await lastSentDigest(deps.db, ctx.workspaceId);
    await ctx.respond({ response_type: 'ephemeral', text: scheduleReply(target, deps.clock.now(), last, arg) });
  };
}
