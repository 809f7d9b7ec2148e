import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { renderRevenueChartSvg } from '../../../../src/digest/chart/svg.ts';
import type { ChartInput } from '../../../../src/digest/chart/types.ts';
import { ALL_ZERO, TWELVE_WEEKS_WITH_A_REFUND_WEEK, weeks } from './fixtures.ts';
import { findAll, hasClass, parseXml, type XmlElement } from './xml.ts';

function render(input: ChartInput) {
  const svg = renderRevenueChartSvg(input);
  const root = parseXml(svg);
  const texts = (cls: string) => findAll(root, 'text').filter((t) => hasClass(t, cls)).map((t) => t.text);
  const zeroY = Number(findAll(root, 'line').find((l) => hasClass(l, 'zero-line'))!.attrs.y1);
  const bars = findAll(root, 'rect').filter((r) => hasClass(r, 'bar'));
  return { svg, root, texts, zeroY, bars };
}
const num = (el: XmlElement, attr: string) => Number(el.attrs[attr]);

describe('renderRevenueChartSvg', () => {
  it('when given 12 weeks then the SVG is well-formed, 1000x500 and labels every week', () => {
    const { root, texts } = render(TWELVE_WEEKS_WITH_A_REFUND_WEEK);
    expect(root.name).toBe('svg');
    expect([root.attrs.width, root.attrs.height]).toEqual(['1000', '500']);
    // The month is written where it changes, so 12 labels fit on a phone.
    expect(texts('week')).toEqual(['Aug 31', 'Sep 7', '14', '21', '28', 'Oct 5', '12', '19', '26', 'Nov 2', '9', '16']);
  });

  it('when a week is negative then its bar hangs below the zero line and the others stand on it', () => {
    const { bars, zeroY } = render(TWELVE_WEEKS_WITH_A_REFUND_WEEK);
    expect(bars).toHaveLength(12);
    const losses = bars.filter((b) => hasClass(b, 'bar-loss'));
    expect(losses).toHaveLength(1);
    expect(num(losses[0]!, 'y')).toBe(zeroY);
    expect(num(losses[0]!, 'height')).toBeGreaterThan(0);
    for (const gain of bars.filter((b) => hasClass(b, 'bar-gain'))) {
      expect(num(gain, 'y') + num(gain, 'height')).toBeCloseTo(zeroY, 0);
    }
  });

  it('when weeks differ then bar heights are proportional to net revenue', () => {
    const { bars } = render({ title: 't', currency: 'USD', points: weeks([1000, 2000, -500]) });
    const [a, b, c] = bars.map((bar) => num(bar, 'height'));
    expect(b! / a!).toBeCloseTo(2, 1);
    expect(c! / a!).toBeCloseTo(0.5, 1);
  });

  it('when the title and currencies contain markup characters then they are escaped', () => {
    const title = `Tom & Jerry's <script>"x"</script>`;
    const { svg, root } = render({ ...TWELVE_WEEKS_WITH_A_REFUND_WEEK, title, otherCurrencies: ['<B&>'] });
    expect(svg).toContain('Tom &amp; Jerry&apos;s &lt;script&gt;&quot;x&quot;&lt;/script&gt;');
    expect(svg).not.toContain('<script');
    expect(findAll(root, 'text').map((t) => t.text)).toContain(title);
    expect(findAll(root, 'text').map((t) => t.text)).toContain('Not shown: <B&>');
  });

  it('when every week is zero then the chart is flat, labels only zero and says no revenue yet', () => {
    const { texts, bars, root } = render(ALL_ZERO);
    expect(bars).toHaveLength(0);
    expect(texts('note')).toEqual(['No revenue yet']);
    expect([...texts('tick-left'), ...texts('tick-right')]).toEqual(['$0', '$0']);
    expect(findAll(root, 'circle')).toHaveLength(12 + 1); // one per week, one in the legend
  });

  it('when there are no weeks at all then it still renders the empty frame', () => {
    const { texts } = render({ title: 'Nothing', currency: 'USD', points: [] });
    expect(texts('week')).toEqual([]);
    expect(texts('note')).toEqual(['No revenue yet']);
  });

  it('when there is a single week then it draws one bar and one MRR point without a line', () => {
    const { bars, root, texts } = render({ title: 'One', currency: 'USD', points: weeks([1234.56]) });
    expect(bars).toHaveLength(1);
    expect(findAll(root, 'polyline')).toHaveLength(0);
    expect(texts('week')).toEqual(['Aug 31']);
    expect(texts('note')).toEqual([]);
  });

  it('when amounts are in the millions and in EUR then axis labels are short with the code after', () => {
    const points = weeks([250_000, -900_000, 700_000], (i) => 1_200_000 + i * 95_000);
    const { texts } = render({ title: 'Big', currency: 'eur', points });
    expect(texts('tick-left')).toEqual(['-1M EUR', '-500k EUR', '0 EUR', '500k EUR', '1M EUR', '1.5M EUR']);
    expect(texts('tick-right').at(-1)).toMatch(/^\d+(\.\d)?M EUR$/);
  });

  it('when given more than 12 weeks then only the latest 12 are drawn', () => {
    const { texts } = render({ title: 't', currency: 'USD', points: weeks(Array(15).fill(10)) });
    expect(texts('week')).toHaveLength(12);
    expect(texts('week')[0]).toBe('Sep 21');
  });

  it('when the title is too long then it is cut with an ellipsis', () => {
    const { root } = render({ ...ALL_ZERO, title: 'Weekly revenue — '.padEnd(200, 'x') });
    const title = findAll(root, 'text')[0]!.text;
    expect(title.length).toBeLessThan(60);
    expect(title.endsWith('…')).toBe(true);
  });

  it('when the primary currency is also listed as another then it is not repeated', () => {
    const { texts } = render({ ...TWELVE_WEEKS_WITH_A_REFUND_WEEK, otherCurrencies: ['usd', 'EUR', 'EUR'] });
    expect(texts('others')).toEqual(['Not shown: EUR']);
  });

  it('when many other currencies would crowd the legend then the rest are counted', () => {
    const otherCurrencies = ['EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'SEK', 'NOK', 'DKK'];
    const { texts } = render({ ...TWELVE_WEEKS_WITH_A_REFUND_WEEK, otherCurrencies });
    expect(texts('others')[0]).toMatch(/^Not shown: EUR, GBP(, [A-Z]{3})*, \+\d$/);
  });

  it('when a week start is not a date then it throws naming the value', () => {
    const points = [{ weekStart: '2026/08/31', netRevenue: new Decimal(1), mrr: new Decimal(1) }];
    expect(() => renderRevenueChartSvg({ title: 't', currency: 'USD', points })).toThrow('"2026/08/31"');
  });
});
