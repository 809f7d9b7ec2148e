import { renderSvgPng } from '../../digest/chart/png.ts';
import { renderSeriesChartSvg, type SeriesChartInput } from '../../digest/chart/seriesSvg.ts';
import { matchApp } from '../figureArgs.ts';
import { loadFigureScope, scopeLabel, type FigureDeps, type FigureRequest } from '../figureScope.ts';
import { loadWindowedFigure } from '../windowedFigure.ts';
import { installsChart } from './installsChart.ts';
import { mrrChart } from './mrrChart.ts';
import { revenueChart } from './revenueChart.ts';

/** The figures that can be charted, with the default window of their answer. */
export const CHARTED_FIGURES = { mrr: null, revenue: 'this month', installs: 'last 7d' } as const;
export type ChartedFigure = keyof typeof CHARTED_FIGURES;

export interface FigureChartImage {
  png: Buffer;
  filename: string;
  title: string;
}

/** The chart's PNG, or why there is none (`error` is mrkdwn meant for the user who asked). */
export type FigureChart = { ok: true; chart: FigureChartImage } | { ok: false; error: string };

/** `<figure> [window] [app] chart`: the figure over time from stored data, as a PNG. */
export async function figureChart(deps: FigureDeps, figure: ChartedFigure, request: FigureRequest): Promise<FigureChart> {
  const input = await chartInput(deps, figure, request);
  if (!input.ok) return input;
  const svg = renderSeriesChartSvg(input.chart);
  return { ok: true, chart: { png: await renderSvgPng(svg), filename: `${figure}-chart.png`, title: input.chart.title } };
}

async function chartInput(deps: FigureDeps, figure: ChartedFigure, request: FigureRequest): Promise<{ ok: true; chart: SeriesChartInput } | { ok: false; error: string }> {
  if (figure === 'mrr') {
    const loaded = await loadFigureScope(deps, request.workspaceId);
    if (!loaded.ok) return loaded;
    const picked = matchApp(request.args, loaded.scope.tracked);
    if (!picked.ok) return picked;
    const chart = await mrrChart(deps.db, loaded.scope, picked.apps.map((a) => a.appId), scopeLabel(picked.apps, loaded.scope.tracked));
    return chart ? { ok: true, chart } : { ok: false, error: 'No chart: there is no MRR in the last 12 weeks to draw.' };
  }
  const loaded = await loadWindowedFigure(deps, request, CHARTED_FIGURES[figure]);
  if (!loaded.ok) return loaded;
  const chart = figure === 'revenue' ? await revenueChart(deps.db, loaded.figure) : await installsChart(deps.db, loaded.figure);
  if (chart === 'too_long') return { ok: false, error: 'No chart: that window is too long to draw. Charts cover up to 60 weeks; try `last quarter` or `ytd`.' };
  if (chart === null) return { ok: false, error: `No chart: there ${figure === 'revenue' ? 'is no revenue' : 'are no installs or uninstalls'} in this window to draw.` };
  return { ok: true, chart };
}
