import { queryInstallActivity } from '../../storage/figures/activityQuery.ts';
import { parseFigureArgs } from '../figures/figureArgs.ts';
import { buildInstallsMessage } from '../figures/installsView.ts';
import { loadFigureScope, replyError, replyWith, scopeLabel, type FigureDeps } from './figureScope.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

/** `/partner installs [window] [app]` (default last 7d), per local day for windows up to 31 days. */
export function installsCommand(deps: FigureDeps): SubcommandHandler {
  return async (ctx) => {
    const scope = await loadFigureScope(deps, ctx);
    if (!scope) return;
    const args = parseFigureArgs(ctx.args, scope.tracked, scope.now, scope.timeZone, 'last 7d');
    if (!args.ok) return replyError(ctx, args.error);
    const activity = await queryInstallActivity(deps.db, scope.connection.id, args.window, scope.timeZone, args.apps.map((a) => a.appId));
    await replyWith(ctx, buildInstallsMessage({ scope: scopeLabel(args.apps, scope.tracked), windowLabel: args.window.label, activity, notes: scope.notes }));
  };
}
