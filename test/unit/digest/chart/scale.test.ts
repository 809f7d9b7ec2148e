import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { axisTicks, niceStep, sharedAxes } from '../../../../src/digest/chart/scale.ts';

const d = (values: (number | string)[]) => values.map((v) => new Decimal(v));

describe('niceStep', () => {
  it.each([
    ['0.7', '1'],
    ['1', '1'],
    ['1.1', '2'],
    ['3', '5'],
    ['6', '10'],
    ['1234', '2000'],
    ['0.013', '0.02'],
    ['240000', '500000'],
  ])('when at least %s then %s', (atLeast, expected) => {
    expect(niceStep(new Decimal(atLeast)).toString()).toBe(new Decimal(expected).toString());
  });
});

describe('sharedAxes', () => {
  it('when both series are positive then ticks start at zero and cover each maximum', () => {
    const { left, right } = sharedAxes(d([1800, 6050]), d([8200, 15795.5]));
    expect(left.below).toBe(0);
    expect(axisTicks(left).map(String)).toEqual(['0', '2000', '4000', '6000', '8000']);
    expect(axisTicks(right).at(-1)!.gte(15795.5)).toBe(true);
  });

  it('when a week is negative then both axes get the same intervals below zero', () => {
    const { left, right } = sharedAxes(d([1800, -520, 6050]), d([8200, 15795.5]));
    expect(left.below).toBeGreaterThan(0);
    expect([right.below, right.above]).toEqual([left.below, left.above]);
    expect(axisTicks(left)[0]!.lte(-520)).toBe(true);
    expect(axisTicks(right)).toHaveLength(axisTicks(left).length);
  });

  it('when every value is zero then both axes are flat with one interval above zero', () => {
    const { left, right } = sharedAxes(d([0, 0]), d([0, 0]));
    expect(left).toMatchObject({ flat: true, below: 0, above: 1 });
    expect(right).toMatchObject({ flat: true, below: 0, above: 1 });
  });

  it('when there are no points then the axes are flat', () => {
    expect(sharedAxes([], []).left.flat).toBe(true);
  });

  it('when only revenue is negative then the line still has room above zero', () => {
    const { left, right } = sharedAxes(d([-300, -120]), d([900, 950]));
    expect(left.below).toBeGreaterThan(0);
    expect(right.above).toBeGreaterThan(0);
    expect(axisTicks(right).at(-1)!.gte(950)).toBe(true);
  });

  it('when values are seeded-random then every value lies within its axis and ticks stay few', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const problems: string[] = [];
    for (let run = 0; run < 200; run++) {
      const scale = 10 ** Math.floor(random() * 9);
      const net = Array.from({ length: 12 }, () => new Decimal(((random() - 0.3) * scale).toFixed(2)));
      const mrr = Array.from({ length: 12 }, () => new Decimal((random() * scale * 3).toFixed(2)));
      const { left, right } = sharedAxes(net, mrr);
      for (const [axis, values] of [[left, net], [right, mrr]] as const) {
        const ticks = axisTicks(axis);
        const [lo, hi] = [ticks[0]!, ticks.at(-1)!];
        if (ticks.length > 11) problems.push(`run ${run}: ${ticks.length} ticks`);
        for (const v of values) if (v.lt(lo) || v.gt(hi)) problems.push(`run ${run}: ${v} outside ${lo}..${hi}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
