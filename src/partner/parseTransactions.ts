import { trailingNumber } from '../domain/ids.ts';
import type { AppTransaction, RevenueKind } from '../domain/transaction.ts';
import { boundedName } from './boundedText.ts';
import { asRecord, asString, parseMoney, shopText } from './parseMoney.ts';

const KIND_BY_TYPENAME: Record<string, RevenueKind> = {
  AppSubscriptionSale: 'subscription',
  AppUsageSale: 'usage',
  AppOneTimeSale: 'one_time',
  AppSaleAdjustment: 'adjustment',
  AppSaleCredit: 'credit',
};

export function revenueKind(typename: string): RevenueKind {
  return KIND_BY_TYPENAME[typename] ?? 'other';
}

/**
 * One `transactions` node to a domain AppTransaction. `shop`, `grossAmount`, `shopifyFee` and
 * `chargeId` may be null. A node without id, createdAt or a parsable netAmount (e.g. a type this
 * query does not select money for) gives null; the caller keeps the raw node. Text is cut to a
 * bounded length (the id is not: it is the transaction's identity).
 */
export function parseAppTransaction(node: unknown, fallbackAppId: string): AppTransaction | null {
  const record = asRecord(node);
  if (!record) return null;
  const id = asString(record.id);
  const createdAt = asString(record.createdAt);
  const net = parseMoney(record.netAmount);
  if (!id || !createdAt || !net) return null;

  const typename = boundedName(asString(record.__typename)) ?? 'unknown';
  const shop = asRecord(record.shop);
  const shopGid = asString(shop?.id);
  const appGid = asString(asRecord(record.app)?.id);
  const chargeGid = asString(record.chargeId);
  return {
    id,
    typename,
    kind: revenueKind(typename),
    appId: appGid ? trailingNumber(appGid) : fallbackAppId,
    shopId: shopGid ? trailingNumber(shopGid) : null,
    shopDomain: boundedName(shopText(shop?.myshopifyDomain)),
    chargeId: chargeGid ? trailingNumber(chargeGid) : null,
    billingInterval: boundedName(asString(record.billingInterval)),
    createdAt,
    gross: parseMoney(record.grossAmount),
    net,
    shopifyFee: parseMoney(record.shopifyFee),
  };
}
