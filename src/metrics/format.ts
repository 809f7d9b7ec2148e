import { Decimal } from 'decimal.js';

/**
 * Display rounding: half-up, away from zero ($0.125 -> $0.13), as merchants and payout statements
 * round. Figures stay exact until this point.
 */
const ROUNDING = Decimal.ROUND_HALF_UP;

/** `$12,345.67` for USD, `12,345.67 EUR` for any other currency; negative as `-$19.00`, `-19.00 EUR`. */
export function formatMoney(amount: Decimal, currency: string): string {
  const rounded = new Decimal(amount).toDecimalPlaces(2, ROUNDING);
  // -0.004 rounds to zero: show "0.00", not "-0.00".
  const sign = rounded.isNegative() && !rounded.isZero() ? '-' : '';
  const digits = groupThousands(rounded.abs().toFixed(2));
  const code = currency.toUpperCase();
  return code === 'USD' ? `${sign}$${digits}` : `${sign}${digits} ${code}`;
}

/** A rate given as a fraction (0.042) as `4.2%`; null (zero base) as `n/a`. */
export function formatRate(rate: Decimal | null): string {
  if (rate === null) return 'n/a';
  const percent = new Decimal(rate).times(100).toDecimalPlaces(1, ROUNDING);
  return `${percent.isZero() ? '0.0' : percent.toFixed(1)}%`;
}

/**
 * Change from prev to curr as `+12.5%` or `−3.0%` (U+2212, the typographic minus Slack renders as
 * wide as the plus); `n/a` when prev is 0. Relative to |prev| so a smaller loss reads as a rise.
 */
export function formatSignedPercentChange(prev: Decimal, curr: Decimal): string {
  const p = new Decimal(prev);
  if (p.isZero()) return 'n/a';
  const change = new Decimal(curr).minus(p).div(p.abs()).times(100).toDecimalPlaces(1, ROUNDING);
  if (change.isZero()) return '0.0%';
  return `${change.isNegative() ? '\u2212' : '+'}${change.abs().toFixed(1)}%`;
}

function groupThousands(fixed: string): string {
  const [whole = '0', fraction = '00'] = fixed.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}
