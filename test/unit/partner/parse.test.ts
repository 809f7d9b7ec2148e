import { describe, expect, it } from 'vitest';
import { parseAppEvent } from '../../../src/partner/parseEvents.ts';
import { parseAppTransaction, revenueKind } from '../../../src/partner/parseTransactions.ts';

const SHOP = { id: 'gid://partners/Shop/1', myshopifyDomain: 'x.myshopify.com', name: 'X' };

// samples.md §8, "copied from a live response".
const SUB_SALE = {
  __typename: 'AppSubscriptionSale',
  id: 'gid://partners/AppSubscriptionSale/764220980',
  createdAt: '2026-08-07T07:02:51.000000Z',
  chargeId: 'gid://shopify/AppSubscription/31499911397',
  billingInterval: 'EVERY_30_DAYS',
  shop: SHOP,
  grossAmount: { amount: '19.0', currencyCode: 'USD' },
  shopifyFee: { amount: '0.0', currencyCode: 'USD' },
  netAmount: { amount: '18.45', currencyCode: 'USD' },
};

describe('parseAppTransaction', () => {
  it('when money arrives as Decimal strings, then it is kept exactly', () => {
    const tx = parseAppTransaction(SUB_SALE, '2')!;
    expect(tx.net.amount.toString()).toBe('18.45');
    expect(tx.net.amount.plus('0.1').toString()).toBe('18.55');
    expect(tx.gross!.amount.minus(tx.net.amount).toString()).toBe('0.55');
    expect(tx).toMatchObject({ kind: 'subscription', chargeId: '31499911397', shopId: '1', appId: '2', billingInterval: 'EVERY_30_DAYS', createdAt: SUB_SALE.createdAt });
  });

  it('when a refund has negative amounts and no charge id, then it parses as an adjustment', () => {
    const tx = parseAppTransaction({ ...SUB_SALE, __typename: 'AppSaleAdjustment', billingInterval: undefined, chargeId: null, grossAmount: { amount: '-19.0', currencyCode: 'USD' }, netAmount: { amount: '-18.45', currencyCode: 'USD' } }, '2')!;
    expect(tx.kind).toBe('adjustment');
    expect(tx.net.amount.toString()).toBe('-18.45');
    expect(tx.chargeId).toBeNull();
    expect(tx.billingInterval).toBeNull();
  });

  it('when shop, grossAmount and shopifyFee are null, then they stay null', () => {
    const tx = parseAppTransaction({ ...SUB_SALE, shop: null, grossAmount: null, shopifyFee: null }, '2')!;
    expect(tx).toMatchObject({ shopId: null, shopDomain: null, gross: null, shopifyFee: null });
  });

  it('when the shop is REDACTED, then it is still a shop with an unknown domain', () => {
    const tx = parseAppTransaction({ ...SUB_SALE, shop: { id: 'gid://partners/Shop/9', myshopifyDomain: 'REDACTED', name: 'REDACTED' } }, '2')!;
    expect(tx).toMatchObject({ shopId: '9', shopDomain: null });
  });

  it('when netAmount is missing or not a number, then the node is not parsed', () => {
    expect(parseAppTransaction({ ...SUB_SALE, netAmount: null }, '2')).toBeNull();
    expect(parseAppTransaction({ ...SUB_SALE, netAmount: { amount: 'abc', currencyCode: 'USD' } }, '2')).toBeNull();
    expect(parseAppTransaction('junk', '2')).toBeNull();
  });

  it.each([
    ['AppSubscriptionSale', 'subscription'],
    ['AppUsageSale', 'usage'],
    ['AppOneTimeSale', 'one_time'],
    ['AppSaleAdjustment', 'adjustment'],
    ['AppSaleCredit', 'credit'],
    ['ThemeSale', 'other'],
    ['SomethingNew', 'other'],
  ])('when __typename is %s, then kind is %s', (typename, kind) => {
    expect(revenueKind(typename)).toBe(kind);
    expect(parseAppTransaction({ ...SUB_SALE, __typename: typename }, '2')!.kind).toBe(kind);
  });
});

describe('parseAppEvent', () => {
  it('when a subscription event has a charge, then charge fields and trailing ids are taken', () => {
    const event = parseAppEvent(
      {
        __typename: 'SubscriptionChargeActivated',
        type: 'SUBSCRIPTION_CHARGE_ACTIVATED',
        occurredAt: '2026-06-02T00:00:00.123456Z',
        shop: SHOP,
        charge: { id: 'gid://partners/AppSubscription/9', amount: { amount: '19.0', currencyCode: 'USD' }, billingOn: null, name: 'Pro', test: false },
      },
      '2',
    )!;
    expect(event).toMatchObject({ appId: '2', shopId: '1', chargeId: '9', chargeName: 'Pro', currency: 'USD', test: false, billingOn: null, reason: null });
    expect(event.amount!.toString()).toBe('19');
    expect(event.occurredAt).toBe('2026-06-02T00:00:00.123456Z');
  });

  it('when an uninstall has a localized reason or an empty one, then it is kept as sent', () => {
    const base = { __typename: 'RelationshipUninstalled', type: 'RELATIONSHIP_UNINSTALLED', occurredAt: '2026-06-02T00:00:00Z', shop: SHOP };
    expect(parseAppEvent({ ...base, reason: 'Testen mehrerer Apps,Zu teuer', description: 'Danke' }, '2')).toMatchObject({ reason: 'Testen mehrerer Apps,Zu teuer', description: 'Danke', chargeId: null, amount: null });
    expect(parseAppEvent({ ...base, reason: '', description: null }, '2')).toMatchObject({ reason: '', description: null });
  });

  it('when a credit event has appCredit, then its id is the charge id', () => {
    const event = parseAppEvent({ __typename: 'CreditApplied', type: 'CREDIT_APPLIED', occurredAt: '2026-06-02T00:00:00Z', shop: SHOP, appCredit: { id: 'gid://shopify/AppCredit/55', name: 'Sorry', test: true, amount: { amount: '5.00', currencyCode: 'EUR' } } }, '2')!;
    expect(event).toMatchObject({ chargeId: '55', test: true, currency: 'EUR' });
  });

  it('when the type and __typename are unknown, then the event is kept with its raw type', () => {
    expect(parseAppEvent({ __typename: 'RelationshipTransferred', type: 'RELATIONSHIP_TRANSFERRED', occurredAt: '2026-06-02T00:00:00Z', shop: SHOP }, '2')).toMatchObject({ type: 'RELATIONSHIP_TRANSFERRED' });
  });

  it('when required fields are missing, then the node is not parsed', () => {
    expect(parseAppEvent({ __typename: 'Mystery' }, '2')).toBeNull();
    expect(parseAppEvent({ type: 'RELATIONSHIP_INSTALLED', occurredAt: '2026-06-02T00:00:00Z', shop: null }, '2')).toBeNull();
    expect(parseAppEvent(null, '2')).toBeNull();
  });
});
