import { churnAnswer } from '../../figures/churnAnswer.ts';
import { splitChartWord } from '../../figures/charts/chartWord.ts';
import type { ChartedFigure } from '../../figures/charts/figureChart.ts';
import type { FigureAnswer, FigureDeps, FigureRequest } from '../../figures/figureScope.ts';
import { installsAnswer } from '../../figures/installsAnswer.ts';
import { merchantAnswer } from '../../figures/merchantAnswer.ts';
import { mrrAnswer } from '../../figures/mrrAnswer.ts';
import { revenueAnswer } from '../../figures/revenueAnswer.ts';
import { fallbackText } from '../../slackApi/mrkdwn.ts';
import { withChart } from './chartReply.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** The figure subcommands for registerPartnerCommand: `/partner mrr|churn|revenue|installs|shop ...`. */
export function figureCommands(deps: FigureDeps): Record<'mrr' | 'churn' | 'revenue' | 'installs' | 'shop', SubcommandHandler> {
  return {
    mrr: figureCommand(deps, mrrAnswer, 'mrr'),
    churn: figureCommand(deps, churnAnswer),
    revenue: figureCommand(deps, revenueAnswer, 'revenue'),
    installs: figureCommand(deps, installsAnswer, 'installs'),
    // A shop's name may end in "chart": the word is part of the query there.
    shop: figureCommand(deps, merchantAnswer, null),
  };
}

type Answer = (deps: FigureDeps, request: FigureRequest) => Promise<FigureAnswer>;

export const CHARTED_FIGURES = 'Charts are drawn for `/partner mrr chart`, `/partner revenue last 30d chart` and `/partner installs last 7d chart` (any window).';

/**
 * The figure goes to the channel only when the user ended with `public`; a problem only to the user.
 * A trailing `chart` also posts the figure's chart, which cannot be ephemeral: so it implies `public`.
 * `charted`: the figure's chart; undefined for a figure without one; null where `chart` is just a word.
 */
function figureCommand(deps: FigureDeps, answer: Answer, charted?: ChartedFigure | null): SubcommandHandler {
  return async (ctx) => {
    const { args, chart } = charted === null ? { args: ctx.args, chart: false } : splitChartWord(ctx.args);
    if (chart && !charted) {
      // Read as an app name, `chart` would get "no tracked app is called chart": say what exists.
      await ctx.respond({ response_type: 'ephemeral', text: CHARTED_FIGURES });
      return;
    }
    const result = await answer(deps, { workspaceId: ctx.workspaceId, args });
    if (!result.ok) {
      // The figures escape what they quote in `error`; the cut keeps a reply short whatever was typed.
      await ctx.respond({ response_type: 'ephemeral', text: fallbackText(result.error) });
      return;
    }
    if (charted && chart) {
      const message = await withChart(deps, charted, { workspaceId: ctx.workspaceId, args, channelId: ctx.channelId, userId: ctx.userId, client: ctx.client }, result.message);
      await ctx.respond({ response_type: 'in_channel', text: message.text, blocks: message.blocks });
      return;
    }
    await ctx.respond({ response_type: ctx.isPublic ? 'in_channel' : 'ephemeral', text: result.message.text, blocks: result.message.blocks });
  };
}
