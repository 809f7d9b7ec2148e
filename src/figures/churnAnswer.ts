import { queryChurn } from '../storage/figures/churnQuery.ts';
import { queryUninstallReasons } from '../storage/figures/reasonsQuery.ts';
import type { FigureAnswer, FigureDeps, FigureRequest } from './figureScope.ts';
import { buildChurnMessage } from './views/churnView.ts';
import { loadWindowedFigure } from './windowedFigure.ts';

/** `churn [window] [app]` (default last 30d). */
export async function churnAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadWindowedFigure(deps, request, 'last 30d');
  if (!loaded.ok) return loaded;
  const { scope, window, appIds, label } = loaded.figure;
  const [churn, reasons] = await Promise.all([
    queryChurn(deps.db, scope.connection.id, window, scope.timeZone, appIds),
    queryUninstallReasons(deps.db, scope.connection.id, window, appIds),
  ]);
  return {
    ok: true,
    message: buildChurnMessage({ scope: label, windowLabel: window.label, figures: churn.total, reasons, notes: scope.notes }),
  };
}
