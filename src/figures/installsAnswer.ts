import { queryInstallActivity } from '../storage/figures/activityQuery.ts';
import type { FigureAnswer, FigureDeps, FigureRequest } from './figureScope.ts';
import { buildInstallsMessage } from './views/installsView.ts';
import { loadWindowedFigure } from './windowedFigure.ts';

/** `installs [window] [app]` (default last 7d), per local day for windows up to 31 days. */
export async function installsAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const loaded = await loadWindowedFigure(deps, request, 'last 7d');
  if (!loaded.ok) return loaded;
  const { scope, window, appIds, label } = loaded.figure;
  const activity = await queryInstallActivity(deps.db, scope.connection.id, window, scope.timeZone, appIds);
  return {
    ok: true,
    message: buildInstallsMessage({ scope: label, windowLabel: window.label, activity, notes: scope.notes }),
  };
}
