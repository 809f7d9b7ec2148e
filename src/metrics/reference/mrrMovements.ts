import { Decimal } from 'decimal.js';
import { shopMonthly, type IntervalMap } from '../monthly.ts';
import { classify, type CurrencyMovements, type MovementKind } from '../movements.ts';
import { emptyShopState, type ShopState, type WorkspaceState } from '../state.ts';

/** One (app, shop, currency) whose monthly amount differs between the two ends of the window. */
export interface ShopMovement {
  appId: string;
  shopId: string;
  shopDomain: string | null;
  currency: string;
  kind: MovementKind;
  from: Decimal;
  to: Decimal;
}

export interface MovementsReport {
  byApp: Map<string, CurrencyMovements[]>;
  total: CurrencyMovements[];
  /** Every non-zero movement, largest change first (for "who moved" explanations). */
  movements: ShopMovement[];
}

/**
 * MRR movements over [a, b) from the states at a and at b. Compared per (app, shop, currency): a shop
 * that moves from a USD plan to a EUR plan churns in USD and (re)starts in EUR, so no figure ever
 * mixes currencies and the identity holds in each.
 */
export function mrrMovements(start: WorkspaceState, end: WorkspaceState, intervals: IntervalMap): MovementsReport {
  const byApp = new Map<string, Map<string, CurrencyMovements>>();
  const total = new Map<string, CurrencyMovements>();
  const movements: ShopMovement[] = [];
  for (const key of new Set([...start.keys(), ...end.keys()])) {
    const shopA = start.get(key);
    const shopB = end.get(key);
    const shop: ShopState = shopB ?? shopA ?? emptyShopState('', '');
    const ma = shopA ? shopMonthly(shopA, intervals).byCurrency : new Map<string, Decimal>();
    const mb = shopB ? shopMonthly(shopB, intervals).byCurrency : new Map<string, Decimal>();
    let app = byApp.get(shop.appId);
    if (!app) byApp.set(shop.appId, (app = new Map()));
    for (const currency of new Set([...ma.keys(), ...mb.keys()])) {
      const from = ma.get(currency) ?? new Decimal(0);
      const to = mb.get(currency) ?? new Decimal(0);
      const kind = classify(from, to, shopA?.everLive ?? false);
      for (const bucket of [bucketFor(app, currency), bucketFor(total, currency)]) {
        bucket.mrrStart = bucket.mrrStart.plus(from);
        bucket.mrrEnd = bucket.mrrEnd.plus(to);
        if (kind) {
          bucket.amounts[kind] = bucket.amounts[kind].plus(to.minus(from).abs());
          bucket.counts[kind]++;
        }
      }
      if (kind) {
        movements.push({ appId: shop.appId, shopId: shop.shopId, shopDomain: shop.shopDomain, currency, kind, from, to });
      }
    }
  }
  movements.sort((x, y) => y.to.minus(y.from).abs().comparedTo(x.to.minus(x.from).abs()));
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b)).map(([id, m]) => [id, sorted(m)])),
    total: sorted(total),
    movements,
  };
}
function bucketFor(map: Map<string, CurrencyMovements>, currency: string): CurrencyMovements {
  let bucket = map.get(currency);
  if (!bucket) {
    const zero = new Decimal(0);
    bucket = {
      currency,
      mrrStart: zero,
      mrrEnd: zero,
      amounts: { new: zero, reactivation: zero, expansion: zero, contraction: zero, churned: zero },
      counts: { new: 0, reactivation: 0, expansion: 0, contraction: 0, churned: 0 },
    };
    map.set(currency, bucket);
  }
  return bucket;
}

function sorted(map: Map<string, CurrencyMovements>): CurrencyMovements[] {
  return [...map.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
