import type { AppEvent } from '../domain/appEvent.ts';
import { trailingNumber } from '../domain/ids.ts';
import { boundedFreeText, boundedName, cutToCodePoints, MAX_NAME_LENGTH } from './boundedText.ts';
import { asRecord, asString, parseMoney, shopText } from './parseMoney.ts';

/**
 * One `app.events` node to a domain AppEvent. Unknown `__typename`s and event types are kept as sent;
 * a node without the fields every AppEvent must have (type, occurredAt, shop.id) gives null. Text is
 * cut to a bounded length here, before it reaches storage; the raw node is kept whole by the caller.
 */
export function parseAppEvent(node: unknown, appId: string): AppEvent | null {
  const record = asRecord(node);
  if (!record) return null;
  const type = asString(record.type);
  const occurredAt = asString(record.occurredAt);
  const shop = asRecord(record.shop);
  const shopId = asString(shop?.id);
  if (!type || !occurredAt || !shopId) return null;

  const charge = asRecord(record.charge) ?? asRecord(record.appCredit);
  const money = parseMoney(charge?.amount);
  const chargeGid = asString(charge?.id);
  return {
    appId,
    shopId: trailingNumber(shopId),
    shopDomain: boundedName(shopText(shop?.myshopifyDomain)),
    shopName: boundedName(shopText(shop?.name)),
    type: cutToCodePoints(type, MAX_NAME_LENGTH),
    occurredAt,
    chargeId: chargeGid ? trailingNumber(chargeGid) : null,
    chargeName: boundedName(asString(charge?.name)),
    amount: money?.amount ?? null,
    currency: money?.currency ?? null,
    test: charge?.test === true,
    billingOn: boundedName(asString(charge?.billingOn)),
    reason: boundedFreeText(asString(record.reason)),
    description: boundedFreeText(asString(record.description)),
  };
}
