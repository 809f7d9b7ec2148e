import { churnAnswer } from '../../figures/churnAnswer.ts';
import type { FigureAnswer, FigureDeps, FigureRequest } from '../../figures/figureScope.ts';
import { installsAnswer } from '../../figures/installsAnswer.ts';
import { merchantAnswer } from '../../figures/merchantAnswer.ts';
import { mrrAnswer } from '../../figures/mrrAnswer.ts';
import { revenueAnswer } from '../../figures/revenueAnswer.ts';
import { fallbackText } from '../../slackApi/mrkdwn.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** The figure subcommands for registerPartnerCommand: `/partner mrr|churn|revenue|installs|shop ...`. */
export function figureCommands(deps: FigureDeps): Record<'mrr' | 'churn' | 'revenue' | 'installs' | 'shop', SubcommandHandler> {
  return {
    mrr: figureCommand(deps, mrrAnswer),
    churn: figureCommand(deps, churnAnswer),
    revenue: figureCommand(deps, revenueAnswer),
    installs: figureCommand(deps, installsAnswer),
    shop: figureCommand(deps, merchantAnswer),
  };
}

type Answer = (deps: FigureDeps, request: FigureRequest) => Promise<FigureAnswer>;

/** The figure goes to the channel only when the user ended with `public`; a problem only to the user. */
function figureCommand(deps: FigureDeps, answer: Answer): SubcommandHandler {
  return async (ctx) => {
    const result = await answer(deps, { workspaceId: ctx.workspaceId, args: ctx.args });
    if (!result.ok) {
      // The figures escape what they quote in `error`; the cut keeps a reply short whatever was typed.
      await ctx.respond({ response_type: 'ephemeral', text: fallbackText(result.error) });
      return;
    }
    await ctx.respond({ response_type: ctx.isPublic ? 'in_channel' : 'ephemeral', text: result.message.text, blocks: result.message.blocks });
  };
}
