import { Decimal } from 'decimal.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UNITS = [
  { size: new Decimal('1e12'), suffix: 'T' },
  { size: new Decimal('1e9'), suffix: 'B' },
  { size: new Decimal('1e6'), suffix: 'M' },
  { size: new Decimal('1e3'), suffix: 'k' },
];

/** Text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `2026-03-02` as `Mar 2`. Parsed as a calendar date, so no time zone can shift it. */
export function formatWeekLabel(weekStart: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(weekStart);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) throw new RangeError(`Chart week "${weekStart}" is not a YYYY-MM-DD date`);
  return `${month} ${Number(match[3])}`;
}

/**
 * Short amount for an axis tick: `$12.5k`, `-$1.2M`, `12.5k EUR`, `$0`. Every tick of an axis shares
 * one unit, chosen from the largest tick, so neighbouring labels compare at a glance.
 */
export function formatAxisAmounts(ticks: Decimal[], currency: string): string[] {
  const largest = Decimal.max(0, ...ticks.map((t) => t.abs()));
  const unit = UNITS.find((u) => largest.gte(u.size)) ?? { size: new Decimal(1), suffix: '' };
  return ticks.map((tick) => {
    const scaled = tick.div(unit.size).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (scaled.isZero()) return withCurrency('0', '', currency);
    return withCurrency(scaled.abs().toString(), unit.suffix, currency, scaled.isNegative());
  });
}

function withCurrency(digits: string, suffix: string, currency: string, negative = false): string {
  const sign = negative ? '-' : '';
  const code = currency.toUpperCase();
  return code === 'USD' ? `${sign}$${digits}${suffix}` : `${sign}${digits}${suffix} ${code}`;
}
