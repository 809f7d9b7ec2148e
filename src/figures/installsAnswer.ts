import { queryInstallActivity } from '../storage/figures/activityQuery.ts';
import { parseFigureArgs } from './figureArgs.ts';
import { loadFigureScope, scopeLabel, type FigureAnswer, type FigureDeps, type FigureRequest } from './figureScope.ts';
import { buildInstallsMessage } from './views/installsView.ts';

/** `installs [window] [app]` (default last 7d), per local day for windows up to 31 days. */
export async function installsAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadFigureScope(deps, request.workspaceId);
  if (!loaded.ok) return loaded;
  const { scope } = loaded;
  const args = parseFigureArgs(request.args, scope.tracked, scope.now, scope.timeZone, 'last 7d');
  if (!args.ok) return args;
  const activity = await queryInstallActivity(deps.db, scope.connection.id, args.window, scope.timeZone, args.apps.map((a) => a.appId));
  return {
    ok: true,
    message: buildInstallsMessage({ scope: scopeLabel(args.apps, scope.tracked), windowLabel: args.window.label, activity, notes: scope.notes }),
  };
}
