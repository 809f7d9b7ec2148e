import { Decimal } from 'decimal.js';
import { primaryCurrencyChart } from '../../digest/chart/primaryCurrency.ts';
import { formatShortAmount } from '../../digest/chart/labels.ts';

/**
 * The one currency a money chart draws, chosen as the digest chart chooses it (largest latest MRR,
 * then largest net revenue, then alphabetical), and the others named as not shown. Null: no currency.
 */
export function pickCurrency(
  byCurrency: ReadonlyMap<string, Decimal[]>,
  weight: 'latest' | 'sum',
): { currency: string; values: Decimal[]; note: string | undefined } | null {
  const asWeeks = new Map(
    [...byCurrency].map(([currency, values]) => [
      currency,
      values.map((v, i) => ({ weekStart: '', netRevenue: weight === 'sum' ? v : new Decimal(0), mrr: weight === 'latest' && i === values.length - 1 ? v : new Decimal(0) })),
    ]),
  );
  const picked = primaryCurrencyChart('', asWeeks);
  if (!picked) return null;
  const values = byCurrency.get(picked.currency) ?? byCurrency.get(picked.currency.toLowerCase()) ?? [];
  const others = picked.otherCurrencies ?? [];
  return { currency: picked.currency, values, note: others.length > 0 ? `Not shown: ${others.join(', ')}` : undefined };
}

/** Axis ticks in the chart's currency: `$12.3k`, `12.3k EUR`. */
export const moneyTick = (currency: string) => (value: Decimal) => formatShortAmount(value, currency);
