import { previousWindow } from '../metrics/window.ts';
import { queryRevenue } from '../storage/figures/revenueQuery.ts';
import { parseFigureArgs } from './figureArgs.ts';
import { loadFigureScope, scopeLabel, type FigureAnswer, type FigureDeps, type FigureRequest } from './figureScope.ts';
import { buildRevenueMessage } from './views/revenueView.ts';

/** `revenue [window] [app]` (default this month), against the previous window of the same length. */
export async function revenueAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadFigureScope(deps, request.workspaceId);
  if (!loaded.ok) return loaded;
  const { scope } = loaded;
  const args = parseFigureArgs(request.args, scope.tracked, scope.now, scope.timeZone, 'this month');
  if (!args.ok) return args;
  const apps = args.apps.map((a) => a.appId);
  const [current, previous] = await Promise.all([
    queryRevenue(deps.db, scope.connection.id, args.window, apps),
    queryRevenue(deps.db, scope.connection.id, previousWindow(args.window), apps),
  ]);
  return {
    ok: true,
    message: buildRevenueMessage({ scope: scopeLabel(args.apps, scope.tracked), windowLabel: args.window.label, current, previous, notes: scope.notes }),
  };
}
