import type { DigestDeps } from '../../digest/digestDeps.ts';
import type { DigestNowResult } from '../../digest/sendDigestNow.ts';
import type { Cadence } from '../../digest/schedule.ts';
import { NOT_CONNECTED_MESSAGE } from '../../figures/figureScope.ts';
import { listDigestTargets, setSummarySetting } from '../../storage/digestTargets.ts';
import { lastSentSummaries } from '../../storage/digests.ts';
import { ensureRouteChannel } from '../alerts/routeChannel.ts';
import { createCooldown, waitText } from '../cooldown.ts';
import { authorize } from '../permissions/adminActions.ts';
import { parseDigestArgs } from './digestArgs.ts';
import { digestNowCooldownReply, digestNowReply, invalidDigestReply, scheduleReply, settingReply } from './digestReplies.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** One on-demand summary per cadence per workspace in this period, so a channel is not flooded, even by admins. */
export const DIGEST_NOW_COOLDOWN_MS = 5 * 60 * 1000;

/**
 * `/partner digest` says which summaries are on, where and when; `digest <cadence> on|off [#channel]
 * [at HH]` (admins) sets one; `digest now [cadence]` posts the last complete period's summary at once.
 */
export function digestCommand(deps: Pick<DigestDeps, 'db' | 'clock'>, digestNow: (workspaceId: string, cadence?: Cadence) => Promise<DigestNowResult>): SubcommandHandler {
  const cooldown = createCooldown({ clock: deps.clock, periodMs: DIGEST_NOW_COOLDOWN_MS });
  return async (ctx) => {
    const args = parseDigestArgs(ctx.args);
    if (args.kind === 'now' || args.kind === 'set') {
      // Both post or change what is posted in the team's channels: admin actions. Checked before the
      // cooldown, so a refused member does not use up the admins' turn.
      const action = args.kind === 'now' ? 'digest_now' : 'summary_settings';
      const rights = await authorize({ db: deps.db, logger: ctx.logger }, ctx.client, action, { teamId: ctx.workspaceId, enterpriseId: ctx.enterpriseId, userId: ctx.userId });
      if (!rights.allowed) {
        await ctx.respond({ response_type: 'ephemeral', text: rights.message });
        return;
      }
    }
    if (args.kind === 'now') {
      // Per cadence: the daily summary just posted does not hold back the monthly one.
      const cooldownKey = `${ctx.workspaceId}/${args.cadence}`;
      const until = cooldown.blockedUntil(cooldownKey);
      if (until) {
        await ctx.respond({ response_type: 'ephemeral', text: digestNowCooldownReply(args.cadence, DIGEST_NOW_COOLDOWN_MS, waitText(until, deps.clock.now())) });
        return;
      }
      const result = await digestNow(ctx.workspaceId, args.cadence);
      // Only a posted digest counts: after "not connected" or a Slack failure the user may fix it and retry.
      if (result.ok) cooldown.start(cooldownKey);
      if (!result.ok) ctx.logger.info('On-demand digest not posted', { reason: result.reason, failure: 'failure' in result ? result.failure : undefined });
      await ctx.respond({ response_type: 'ephemeral', text: digestNowReply(result) });
      return;
    }
    const [target] = await listDigestTargets(deps.db, ctx.workspaceId);
    if (!target) {
      await ctx.respond({ response_type: 'ephemeral', text: NOT_CONNECTED_MESSAGE });
      return;
    }
    if (args.kind === 'set') {
      if (args.channelId !== undefined) {
        const check = await ensureRouteChannel(ctx.client, args.channelId, ctx.logger);
        if (!check.ok) {
          await ctx.respond({ response_type: 'ephemeral', text: check.message });
          return;
        }
      }
      await setSummarySetting(deps.db, target.connectionId, args.cadence, { on: args.on, channelId: args.channelId, hour: args.hour, skipEmpty: args.skipEmpty }, deps.clock.now());
      const [updated] = await listDigestTargets(deps.db, ctx.workspaceId);
      await ctx.respond({ response_type: 'ephemeral', text: settingReply(updated ?? target, args.cadence, deps.clock.now()) });
      return;
    }
    const last = await lastSentSummaries(deps.db, ctx.workspaceId);
    const notice = args.kind === 'invalid' ? invalidDigestReply(args.typed, args.problem) : '';
    await ctx.respond({ response_type: 'ephemeral', text: scheduleReply(target, deps.clock.now(), last, notice) });
  };
}
