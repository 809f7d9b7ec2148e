import type { TimeWindow } from '../metrics/window.ts';
import { parseFigureArgs } from './figureArgs.ts';
import { loadFigureScope, scopeLabel, type FigureDeps, type FigureRequest, type FigureScope } from './figureScope.ts';

/** What every `<figure> [window] [app]` answer starts from. */
export interface WindowedFigure {
  scope: FigureScope;
  window: TimeWindow;
  /** The tracked app ids the answer covers (all, or the one asked for). */
  appIds: string[];
  /** "all apps" or the app's name, for the answer's heading. */
  label: string;
}

/** The workspace's scope and the request's window and app, or the message that says what is wrong. */
export async function loadWindowedFigure(
  deps: FigureDeps,
  request: FigureRequest,
  defaultWindow: string,
): Promise<{ ok: true; figure: WindowedFigure } | { ok: false; error: string }> {
  const loaded = await loadFigureScope(deps, request.workspaceId);
  if (!loaded.ok) return loaded;
  const { scope } = loaded;
  const args = parseFigureArgs(request.args, scope.tracked, scope.now, scope.timeZone, defaultWindow);
  if (!args.ok) return args;
  return { ok: true, figure: { scope, window: args.window, appIds: args.apps.map((a) => a.appId), label: scopeLabel(args.apps, scope.tracked) } };
}
