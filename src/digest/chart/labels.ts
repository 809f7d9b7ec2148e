import { Decimal } from 'decimal.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UNITS = [
  { size: new Decimal('1e3'), suffix: 'k' },
  { size: new Decimal('1e6'), suffix: 'M' },
  { size: new Decimal('1e9'), suffix: 'B' },
  { size: new Decimal('1e12'), suffix: 'T' },
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

/** `2026-03-01` as `Mar` and `2026`: a month's label and its year. Parsed as a calendar date. */
export function formatMonthLabel(monthStart: string): { month: string; year: string } {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(monthStart);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) throw new RangeError(`Chart month "${monthStart}" is not a YYYY-MM-DD date`);
  return { month, year: match[1]! };
}

/**
 * An amount in a few characters, for axis ticks: `$12.3k`, `-$1.2M`, `12.3k EUR`, `$250`, `$0.50`.
 * Each value takes the unit of its own size, as axis labels in spreadsheets do: `$800`, `$1k`.
 */
export function formatShortAmount(amount: Decimal, currency: string): string {
  const digits = shortDigits(amount.abs());
  const sign = amount.isNegative() && digits !== '0' ? '-' : '';
  const code = currency.toUpperCase();
  return code === 'USD' ? `${sign}$${digits}` : `${sign}${digits} ${code}`;
}

function shortDigits(abs: Decimal): string {
  const cents = abs.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (cents.lt(1000)) return cents.isInteger() ? cents.toFixed(0) : cents.toFixed(2);
  for (const [i, unit] of UNITS.entries()) {
    const scaled = abs.div(unit.size).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
    // 999,960 rounds to 1000.0k: that is 1M.
    if (scaled.lt(1000) || i === UNITS.length - 1) return `${scaled.toFixed()}${unit.suffix}`;
  }
  return cents.toFixed(0);
}
