import { Decimal } from 'decimal.js';
import { formatSignedPercentChange } from '../../metrics/format.ts';
import { money } from '../../figures/views/figureBlocks.ts';
import type { CurrencyRevenue } from '../../metrics/revenue.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Mon–Sun range of a week starting on `weekStart`: `Mar 16 – Mar 22, 2026`. */
export function formatWeekRange(weekStart: string): string {
  const [y, m, d] = weekStart.split('-').map(Number);
  const sunday = new Date(Date.UTC(y!, m! - 1, d! + 6));
  const last = `${MONTHS[sunday.getUTCMonth()]} ${sunday.getUTCDate()}, ${sunday.getUTCFullYear()}`;
  return `${MONTHS[m! - 1]} ${d}${sunday.getUTCFullYear() === y ? '' : `, ${y}`} – ${last}`;
}

/** A calendar month from its first day: `March 2026`. */
export function formatMonth(monthStart: string): string {
  const [y, m] = monthStart.split('-').map(Number);
  return `${FULL_MONTHS[m! - 1]} ${y}`;
}

const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `+12.5%` / `−3.0%` / `n/a` (the earlier value is 0: no percentage, never NaN or Infinity). */
export function pct(previous: Decimal, current: Decimal): string {
  return formatSignedPercentChange(previous, current);
}

export function signedCount(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${Math.abs(n)}` : '0';
}

export function signedMoney(amount: Decimal, currency: string): string {
  return amount.isNegative() ? `\u2212${money(amount.abs(), currency)}` : `+${money(amount, currency)}`;
}

/** Currencies present in either list, sorted. */
export function currenciesOf(...lists: ReadonlyArray<ReadonlyArray<{ currency: string }>>): string[] {
  return [...new Set(lists.flatMap((l) => l.map((c) => c.currency)))].sort();
}

export function netOf(list: readonly CurrencyRevenue[], currency: string): Decimal {
  return list.find((c) => c.currency === currency)?.total.net ?? new Decimal(0);
}

export function grossOf(list: readonly CurrencyRevenue[], currency: string): Decimal {
  return list.find((c) => c.currency === currency)?.total.gross ?? new Decimal(0);
}
