import { previousWindow } from '../../metrics/window.ts';
import { queryRevenue } from '../../storage/figures/revenueQuery.ts';
import { parseFigureArgs } from '../figures/figureArgs.ts';
import { buildRevenueMessage } from '../figures/revenueView.ts';
import { loadFigureScope, replyError, replyWith, scopeLabel, type FigureDeps } from './figureScope.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** `/partner revenue [window] [app]` (default this month), against the previous window of the same length. */
export function revenueCommand(deps: FigureDeps): SubcommandHandler {
  return async (ctx) => {
    const scope = await loadFigureScope(deps, ctx);
    if (!scope) return;
    const args = parseFigureArgs(ctx.args, scope.tracked, scope.now, scope.timeZone, 'this month');
    if (!args.ok) return replyError(ctx, args.error);
    const apps = args.apps.map((a) => a.appId);
    const [current, previous] = await Promise.all([
      queryRevenue(deps.db, scope.connection.id, args.window, apps),
      queryRevenue(deps.db, scope.connection.id, previousWindow(args.window), apps),
    ]);
    await replyWith(
      ctx,
      buildRevenueMessage({ scope: scopeLabel(args.apps, scope.tracked), windowLabel: args.window.label, current, previous, notes: scope.notes }),
    );
  };
}
