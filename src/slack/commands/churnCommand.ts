import { queryChurn } from '../../storage/figures/churnQuery.ts';
import { queryUninstallReasons } from '../../storage/figures/reasonsQuery.ts';
import { buildChurnMessage } from '../figures/churnView.ts';
import { parseFigureArgs } from '../figures/figureArgs.ts';
import { loadFigureScope, replyError, replyWith, scopeLabel, type FigureDeps } from './figureScope.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** `/partner churn [window] [app]` (default last 30d). */
export function churnCommand(deps: FigureDeps): SubcommandHandler {
  return async (ctx) => {
    const scope = await loadFigureScope(deps, ctx);
    if (!scope) return;
    const args = parseFigureArgs(ctx.args, scope.tracked, scope.now, scope.timeZone, 'last 30d');
    if (!args.ok) return replyError(ctx, args.error);
    const apps = args.apps.map((a) => a.appId);
    const [churn, reasons] = await Promise.all([
      queryChurn(deps.db, scope.connection.id, args.window, scope.timeZone, apps),
      queryUninstallReasons(deps.db, scope.connection.id, args.window, apps),
    ]);
    await replyWith(
      ctx,
      buildChurnMessage({ scope: scopeLabel(args.apps, scope.tracked), windowLabel: args.window.label, figures: churn.total, reasons, notes: scope.notes }),
    );
  };
}
