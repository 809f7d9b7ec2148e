import { previousWindow } from '../metrics/window.ts';
import { queryRevenue } from '../storage/figures/revenueQuery.ts';
import type { FigureAnswer, FigureDeps, FigureRequest } from './figureScope.ts';
import { buildRevenueMessage } from './views/revenueView.ts';
import { loadWindowedFigure } from './windowedFigure.ts';

/** `revenue [window] [app]` (default this month), against the previous window of the same length. */
export async function revenueAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadWindowedFigure(deps, request, 'this month');
  if (!loaded.ok) return loaded;
  const { scope, window, appIds, label } = loaded.figure;
  const [current, previous] = await Promise.all([
    queryRevenue(deps.db, scope.connection.id, window, appIds),
    queryRevenue(deps.db, scope.connection.id, previousWindow(window), appIds),
  ]);
  return {
    ok: true,
    message: buildRevenueMessage({ scope: label, windowLabel: window.label, current, previous, notes: scope.notes }),
  };
}
