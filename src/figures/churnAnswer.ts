import { queryChurn } from '../storage/figures/churnQuery.ts';
import { queryUninstallReasons } from '../storage/figures/reasonsQuery.ts';
import { parseFigureArgs } from './figureArgs.ts';
import { loadFigureScope, scopeLabel, type FigureAnswer, type FigureDeps, type FigureRequest } from './figureScope.ts';
import { buildChurnMessage } from './views/churnView.ts';

/** `churn [window] [app]` (default last 30d). */
export async function churnAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadFigureScope(deps, request.workspaceId);
  if (!loaded.ok) return loaded;
  const { scope } = loaded;
  const args = parseFigureArgs(request.args, scope.tracked, scope.now, scope.timeZone, 'last 30d');
  if (!args.ok) return args;
  const apps = args.apps.map((a) => a.appId);
  const [churn, reasons] = await Promise.all([
    queryChurn(deps.db, scope.connection.id, args.window, scope.timeZone, apps),
    queryUninstallReasons(deps.db, scope.connection.id, args.window, apps),
  ]);
  return {
    ok: true,
    message: buildChurnMessage({ scope: scopeLabel(args.apps, scope.tracked), windowLabel: args.window.label, figures: churn.total, reasons, notes: scope.notes }),
  };
}
