import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONTS, renderRevenueChartPng } from '../../../../src/digest/chart/png.ts';
import { renderRevenueChartSvg } from '../../../../src/digest/chart/svg.ts';
import { ALL_ZERO, TWELVE_WEEKS_WITH_A_REFUND_WEEK } from './fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which must come first. */
function ihdr(png: Buffer) {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderRevenueChartPng', () => {
  it.each([
    ['12 weeks with a refund week', TWELVE_WEEKS_WITH_A_REFUND_WEEK],
    ['all zero', ALL_ZERO],
  ])('when rendering %s then it is a 1000x500 PNG', async (_name, input) => {
    const png = await renderRevenueChartPng(input);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(ihdr(png)).toEqual({ width: 1000, height: 500 });
  });

  it('when the SVG is parsed by resvg then it is accepted, while a malformed one is rejected', () => {
    expect(() => new Resvg(renderRevenueChartSvg(TWELVE_WEEKS_WITH_A_REFUND_WEEK))).not.toThrow();
    expect(() => new Resvg('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')).toThrow();
  });

  it('when drawing text then the bundled font draws it, with no system fonts', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="45" font-size="40">Ag 1k</text></svg>`;
    const inkedPixels = (font: ResvgRenderOptions['font']) => {
      // The synchronous API gives the RGBA pixels; the options are the ones renderRevenueChartPng uses.
      const rgba = new Resvg(svg, { font }).render().pixels;
      let inked = 0;
      for (let alpha = 3; alpha < rgba.length; alpha += 4) if (rgba[alpha]! > 128) inked++;
      return inked;
    };
    expect(inkedPixels(CHART_FONTS)).toBeGreaterThan(300);
    // Without the bundled font the same text draws nothing, so the check above can fail.
    expect(inkedPixels({ loadSystemFonts: false })).toBe(0);
  });
});
