import { Decimal } from 'decimal.js';
import type { ChartInput, WeeklyPoint } from './types.ts';

/**
 * One chart for an organization paid in several currencies: the currency with the largest latest MRR
 * (then the largest net revenue over the weeks, then alphabetical) is drawn, and the rest are named
 * as not shown. Amounts in different currencies are compared, never added. Null when there are none.
 *
 * Without exchange rates the comparison is of bare numbers, so a currency with small units (JPY)
 * can win over a larger business in USD.
 */
export function primaryCurrencyChart(title: string, byCurrency: ReadonlyMap<string, WeeklyPoint[]>): ChartInput | null {
  const ranked = [...byCurrency.entries()]
    .map(([currency, points]) => ({ currency: currency.toUpperCase(), points, ...weight(points) }))
    .sort((a, b) => b.mrr.comparedTo(a.mrr) || b.net.comparedTo(a.net) || a.currency.localeCompare(b.currency));
  const [primary, ...others] = ranked;
  if (!primary) return null;
  return { title, currency: primary.currency, points: primary.points, otherCurrencies: others.map((o) => o.currency) };
}

function weight(points: WeeklyPoint[]): { mrr: Decimal; net: Decimal } {
  const latest = points.at(-1);
  const net = points.reduce((sum, p) => sum.plus(p.netRevenue), new Decimal(0));
  return { mrr: latest ? latest.mrr : new Decimal(0), net };
}
