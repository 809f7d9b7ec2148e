import { queryMovements } from '../../storage/figures/movementsQuery.ts';
import { matchApp } from '../figures/figureArgs.ts';
import { buildMrrMessage } from '../figures/mrrView.ts';
import { loadFigureScope, replyError, replyWith, scopeLabel, type FigureDeps } from './figureScope.ts';
import type { SubcommandHandler } from './partnerCommand.ts';

const DAY_MS = 86_400_000;

/** `/partner mrr [app]`: MRR now, its change over the last 30 days and the movements behind it. */
export function mrrCommand(deps: FigureDeps): SubcommandHandler {
  return async (ctx) => {
    const scope = await loadFigureScope(deps, ctx);
    if (!scope) return;
    const picked = matchApp(ctx.args, scope.tracked);
    if (!picked.ok) return replyError(ctx, picked.error);
    const window = { start: new Date(scope.now.getTime() - 30 * DAY_MS), end: scope.now };
    const totals = await queryMovements(deps.db, scope.connection.id, window, picked.apps.map((a) => a.appId));
    const perApp =
      picked.apps.length > 1
        ? picked.apps.map((app) => ({
            name: app.name,
            figures: totals.mrrEnd.byApp.get(app.appId) ?? { currencies: [], payingMerchants: 0, intervalUnknownCharges: 0, unpricedCharges: 0 },
          }))
        : null;
    await replyWith(
      ctx,
      buildMrrMessage({
        scope: scopeLabel(picked.apps, scope.tracked),
        now: totals.mrrEnd.total,
        before: totals.mrrStart.total,
        movements: totals.total,
        perApp,
        notes: scope.notes,
      }),
    );
  };
}
