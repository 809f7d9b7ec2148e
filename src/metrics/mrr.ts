import { Decimal } from 'decimal.js';

export interface CurrencyMrr {
  currency: string;
  mrr: Decimal;
  arr: Decimal;
  /** Shops with a live non-test subscription in this currency. */
  payingMerchants: number;
  /** MRR / paying merchants; null (n/a) when there are none. */
  arpu: Decimal | null;
}

export interface MrrFigures {
  /** One entry per currency, sorted by currency code; amounts in different currencies never mix. */
  currencies: CurrencyMrr[];
  /** Shops with a live non-test subscription, whatever its currency. */
  payingMerchants: number;
  /** Live charges taken as EVERY_30_DAYS because no AppSubscriptionSale named their interval. */
  intervalUnknownCharges: number;
  /** Live charges without a known amount or currency (paying, but not in MRR). */
  unpricedCharges: number;
}

export interface MrrReport {
  byApp: Map<string, MrrFigures>;
  /** All apps together; a shop paying for two apps counts once per app, as each app sees it. */
  total: MrrFigures;
}

