import { figureChart, type ChartedFigure } from '../../figures/charts/figureChart.ts';
import type { FigureDeps } from '../../figures/figureScope.ts';
import { withChartNote, type ChartOutcome } from '../../figures/views/chartNote.ts';
import type { FigureMessage } from '../../figures/views/figureBlocks.ts';
import { uploadChart, type ChartUploadSlack } from '../../slackApi/chartUpload.ts';

/**
 * Draws and uploads the figure's chart, then adds to the answer one line that says where the chart
 * went, or why there is none (no data, Slack refused the upload). A refusal is said, never thrown.
 */
export async function withChart(
  deps: FigureDeps,
  figure: ChartedFigure,
  ask: { workspaceId: string; args: string; channelId: string; userId: string; client: ChartUploadSlack },
  message: FigureMessage,
): Promise<FigureMessage> {
  return withChartNote(message, await chartOutcome(deps, figure, ask));
}

async function chartOutcome(deps: FigureDeps, figure: ChartedFigure, ask: Parameters<typeof withChart>[2]): Promise<ChartOutcome> {
  const chart = await figureChart(deps, figure, { workspaceId: ask.workspaceId, args: ask.args });
  if (!chart.ok) return { kind: 'none', reason: chart.error };
  const uploaded = await uploadChart(ask.client, { channelId: ask.channelId, userId: ask.userId }, chart.chart);
  if (!uploaded.ok) return { kind: 'refused', failure: uploaded.failure };
  return uploaded.destination.kind === 'channel' ? { kind: 'posted' } : { kind: 'dm', userId: ask.userId };
}
