import { queryMovements } from '../storage/figures/movementsQuery.ts';
import { matchApp } from './figureArgs.ts';
import { loadFigureScope, scopeLabel, type FigureAnswer, type FigureDeps, type FigureRequest } from './figureScope.ts';
import { buildMrrMessage } from './views/mrrView.ts';

const DAY_MS = 86_400_000;

/** `mrr [app]`: MRR now, its change over the last 30 days and the movements behind it. */
export async function mrrAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadFigureScope(deps, request.workspaceId);
  if (!loaded.ok) return loaded;
  const { scope } = loaded;
  const picked = matchApp(request.args, scope.tracked);
  if (!picked.ok) return picked;
  const window = { start: new Date(scope.now.getTime() - 30 * DAY_MS), end: scope.now };
  const totals = await queryMovements(deps.db, scope.connection.id, window, picked.apps.map((a) => a.appId));
  const perApp =
    picked.apps.length > 1
      ? picked.apps.map((app) => ({
          name: app.name,
          figures: totals.mrrEnd.byApp.get(app.appId) ?? { currencies: [], payingMerchants: 0, intervalUnknownCharges: 0, unpricedCharges: 0 },
        }))
      : null;
  return {
    ok: true,
    message: buildMrrMessage({
      scope: scopeLabel(picked.apps, scope.tracked),
      now: totals.mrrEnd.total,
      before: totals.mrrStart.total,
      movements: totals.total,
      perApp,
      notes: scope.notes,
    }),
  };
}
