import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, renderRevenueChartSvg } from './svg.ts';
import type { ChartInput } from './types.ts';

const require = createRequire(import.meta.url);

/** At most this many chart renders at once in the process (each holds ~2 MB of native memory: see below). */
export const CHART_RENDER_CONCURRENCY = 4;

/**
 * Inter (SIL OFL 1.1) comes from an npm package, so text renders the same on a fresh machine with no
 * system fonts; system fonts are never scanned, which also keeps each render fast.
 */
export const CHART_FONTS: NonNullable<ResvgRenderOptions['font']> = {
  loadSystemFonts: false,
  fontFiles: [
    require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
    require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
  ],
  defaultFontFamily: CHART_FONT_FAMILY,
  sansSerifFamily: CHART_FONT_FAMILY,
};

/**
 * The chart as a CHART_WIDTH x CHART_HEIGHT PNG (about 30 ms), rasterized on libuv's thread pool so
 * Slack requests keep being answered meanwhile.
 *
 * Render digests one after another or a few at a time, not all at once: each render holds a 2 MB
 * pixel buffer in native memory that is freed only by a finalizer after a later garbage collection,
 * which V8 does not hurry for memory it cannot see (1,000 renders started together peak at ~2 GB).
 */
export async function renderRevenueChartPng(input: ChartInput): Promise<Buffer> {
  return renderSvgPng(renderRevenueChartSvg(input));
}

/** Any chart SVG of this folder as a PNG, with the same fonts and the same memory caveats. */
export async function renderSvgPng(svg: string): Promise<Buffer> {
  // Loaded on the first chart, not at start: a bot that renders one a week need not hold the
  // rasterizer's native library all week.
  const { renderAsync } = await import('@resvg/resvg-js');
  const image = await renderAsync(svg, { font: CHART_FONTS, fitTo: { mode: 'original' }, logLevel: 'off' });
  return image.asPng();
}
