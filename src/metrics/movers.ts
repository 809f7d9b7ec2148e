import type { Decimal } from 'decimal.js';
import type { MovementKind } from './movements.ts';

/** How a churned paying merchant left: its latest uninstall in the window, or none (the plan ended while installed or closed). */
export interface ChurnCause {
  reason: string | null;
  description: string | null;
}

/** One (app, shop, currency) whose monthly amount differs between the start (from) and the end (to) of a window. */
export interface ShopMover {
  appId: string;
  shopId: string;
  shopName: string | null;
  shopDomain: string | null;
  currency: string;
  kind: MovementKind;
  from: Decimal;
  to: Decimal;
  /** Name of the live charge at the start / the end; null when none is live there or it has no name. */
  planBefore: string | null;
  planAfter: string | null;
  /** Only for `churned`: null when the shop did not uninstall in the window. */
  uninstall: ChurnCause | null;
}

/** A capped list and how many were left out. */
export interface Capped<T> {
  shown: T[];
  more: number;
}

/** The movers of one currency: amounts in different currencies are never ranked against each other. */
export interface CurrencyMovers {
  currency: string;
  /** Largest MRR increase first (new, reactivation, expansion). */
  gains: Capped<ShopMover>;
  /** Largest MRR decrease first (contraction, churned). */
  losses: Capped<ShopMover>;
  /** New and reactivated paying merchants, largest first. */
  newPaying: Capped<ShopMover>;
  /** Churned paying merchants, largest first. */
  churned: Capped<ShopMover>;
}

export const TOP_MOVERS = 5;

/**
 * The biggest movers of a window, per currency. Currencies come in `currencyOrder` (the digest's
 * primary currency first), then any others alphabetically. Within a list: the larger change first,
 * then shop id (numerically), then app id, so equal amounts always come out in the same order.
 * New and churned paying merchants are capped at `listLimit` (their counts are in the MRR section).
 */
export function selectMovers(movers: readonly ShopMover[], currencyOrder: readonly string[], top = TOP_MOVERS, listLimit = 10): CurrencyMovers[] {
  const byCurrency = new Map<string, ShopMover[]>();
  for (const m of movers) {
    const list = byCurrency.get(m.currency);
    if (list) list.push(m);
    else byCurrency.set(m.currency, [m]);
  }
  const rank = (c: string) => (currencyOrder.includes(c) ? currencyOrder.indexOf(c) : currencyOrder.length);
  const currencies = [...byCurrency.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return currencies.map((currency) => {
    const sorted = [...byCurrency.get(currency)!].sort(largestFirst);
    const of = (kinds: readonly MovementKind[]) => sorted.filter((m) => kinds.includes(m.kind));
    return {
      currency,
      gains: capped(of(['new', 'reactivation', 'expansion']), top),
      losses: capped(of(['contraction', 'churned']), top),
      newPaying: capped(of(['new', 'reactivation']), listLimit),
      churned: capped(of(['churned']), listLimit),
    };
  });
}

/** to − from: positive for a gain, negative for a loss. */
export function moverChange(m: Pick<ShopMover, 'from' | 'to'>): Decimal {
  return m.to.minus(m.from);
}

function largestFirst(x: ShopMover, y: ShopMover): number {
  return (
    moverChange(y).abs().comparedTo(moverChange(x).abs()) ||
    x.shopId.length - y.shopId.length ||
    (x.shopId < y.shopId ? -1 : x.shopId > y.shopId ? 1 : 0) ||
    (x.appId < y.appId ? -1 : x.appId > y.appId ? 1 : 0)
  );
}

function capped<T>(items: T[], limit: number): Capped<T> {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
