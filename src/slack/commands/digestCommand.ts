import type { DigestDeps } from '../../digest/digestDeps.ts';
import type { DigestNowResult } from '../../digest/sendDigestNow.ts';
import { NOT_CONNECTED_MESSAGE } from '../../figures/figureScope.ts';
import { listDigestTargets } from '../../storage/digestTargets.ts';
import { lastSentDigest } from '../../storage/digests.ts';
import { createCooldown, waitText } from '../cooldown.ts';
import { authorize } from '../permissions/adminActions.ts';
import { digestNowReply, scheduleReply } from './digestReplies.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** One on-demand digest per period per workspace, so the channel is not flooded, even by admins. */
export const DIGEST_NOW_COOLDOWN_MS = 5 * 60 * 1000;

/**
 * `/partner digest now` posts the last complete week's digest to the digest channel at once;
 * `/partner digest` says when and where the weekly one goes.
 */
export function digestCommand(deps: Pick<DigestDeps, 'db' | 'clock'>, digestNow: (workspaceId: string) => Promise<DigestNowResult>): SubcommandHandler {
  const cooldown = createCooldown({ clock: deps.clock, periodMs: DIGEST_NOW_COOLDOWN_MS });
  return async (ctx) => {
    const arg = ctx.args.trim().toLowerCase();
    if (arg === 'now') {
      // It posts in the team's channel on its behalf: an admin action. Checked before the cooldown,
      // so a refused member does not use up the admins' turn.
      const rights = await authorize({ db: deps.db, logger: ctx.logger }, ctx.client, 'digest_now', { teamId: ctx.workspaceId, enterpriseId: ctx.enterpriseId, userId: ctx.userId });
      if (!rights.allowed) {
        await ctx.respond({ response_type: 'ephemeral', text: rights.message });
        return;
      }
      const until = cooldown.blockedUntil(ctx.workspaceId);
      if (until) {
        const text = `A digest was posted on demand in the last ${DIGEST_NOW_COOLDOWN_MS / 60_000} minutes. \`/partner digest now\` can be used again ${waitText(until, deps.clock.now())}.`;
        await ctx.respond({ response_type: 'ephemeral', text });
        return;
      }
      const result = await digestNow(ctx.workspaceId);
      // Only a posted digest counts: after "not connected" or a Slack failure the user may fix it and retry.
      if (result.ok) cooldown.start(ctx.workspaceId);
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
