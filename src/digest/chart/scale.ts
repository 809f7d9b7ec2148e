import { Decimal } from 'decimal.js';

/**
 * One value axis of the chart. Both axes share gridlines and the zero line: `below` intervals of
 * `step` under zero and `above` intervals over it, so each series' zero sits on the same line.
 */
export interface Axis {
  step: Decimal;
  below: number;
  above: number;
  /** The series is all zero: only its zero tick means anything. */
  flat: boolean;
}

const TARGET_INTERVALS = 5;
const MIN_STEP = new Decimal('0.01');

/** Axes for two series (left: bars, right: line) that share gridlines and the zero line. */
export function sharedAxes(left: Decimal[], right: Decimal[]): { left: Axis; right: Axis } {
  const ranges = [range(left), range(right)];
  const counts = ranges.filter((r) => !r.flat).map(ownCounts);
  const below = Math.max(0, ...counts.map((c) => c.below));
  const above = Math.max(below === 0 ? 1 : 0, ...counts.map((c) => c.above));
  const [l, r] = ranges.map((rg): Axis => {
    const needed = Decimal.max(MIN_STEP, rg.hi.div(Math.max(above, 1)), rg.lo.neg().div(Math.max(below, 1)));
    return { step: rg.flat ? new Decimal(1) : niceStep(needed), below, above, flat: rg.flat };
  });
  return { left: l!, right: r! };
}

/** Tick values from the lowest gridline to the highest. */
export function axisTicks(axis: Axis): Decimal[] {
  const ticks: Decimal[] = [];
  for (let i = -axis.below; i <= axis.above; i++) ticks.push(axis.step.times(i));
  return ticks;
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `atLeast` (> 0). */
export function niceStep(atLeast: Decimal): Decimal {
  const k = Math.floor(Math.log10(atLeast.toNumber()));
  for (const power of [k - 1, k, k + 1]) {
    for (const m of [1, 2, 5]) {
      const candidate = new Decimal(10).pow(power).times(m);
      if (candidate.gte(atLeast)) return candidate;
    }
  }
  return new Decimal(10).pow(k + 2);
}

function range(values: Decimal[]) {
  const lo = Decimal.min(0, ...values);
  const hi = Decimal.max(0, ...values);
  return { lo, hi, flat: lo.isZero() && hi.isZero() };
}

function ownCounts(r: { lo: Decimal; hi: Decimal }) {
  const step = niceStep(Decimal.max(MIN_STEP, r.hi.minus(r.lo).div(TARGET_INTERVALS)));
  return { below: r.lo.neg().div(step).ceil().toNumber(), above: r.hi.div(step).ceil().toNumber() };
}
