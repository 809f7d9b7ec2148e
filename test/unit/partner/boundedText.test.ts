import { describe, expect, it } from 'vitest';
import { cutToCodePoints, MAX_FREE_TEXT_LENGTH, MAX_NAME_LENGTH } from '../../../src/partner/boundedText.ts';
import { parseAppEvent } from '../../../src/partner/parseEvents.ts';
import { parseAppTransaction } from '../../../src/partner/parseTransactions.ts';

const EMOJI = '😀'; // U+1F600: one code point, two UTF-16 units
const codePoints = (text: string) => [...text].length;

describe('cutToCodePoints', () => {
  it('when an astral emoji straddles the limit, then it is dropped whole, never split into a lone surrogate', () => {
    const text = 'a'.repeat(254) + EMOJI + 'tail'; // the emoji is code point 255
    expect(cutToCodePoints(text, 255)).toBe('a'.repeat(254) + EMOJI);
    expect(cutToCodePoints(text, 254)).toBe('a'.repeat(254));
  });

  it('when the text is all emoji, then the cut counts code points, not UTF-16 units', () => {
    const cut = cutToCodePoints(EMOJI.repeat(300), 255);
    expect(codePoints(cut)).toBe(255);
    expect(cut).toBe(EMOJI.repeat(255));
  });

  it('when the text fits, then it is returned as is', () => {
    expect(cutToCodePoints(EMOJI.repeat(255), 255)).toBe(EMOJI.repeat(255));
    expect(cutToCodePoints('Upsell Pro', 255)).toBe('Upsell Pro');
    expect(cutToCodePoints('', 255)).toBe('');
  });

  it('when a lone surrogate sits at the cut, then it counts as one code point', () => {
    expect(cutToCodePoints('ab\uD83Dcd', 3)).toBe('ab\uD83D');
  });
});

describe('parsing bounds what is stored', () => {
  const longName = 'x'.repeat(MAX_NAME_LENGTH - 1) + EMOJI + 'overflow';
  const longText = 'y'.repeat(MAX_FREE_TEXT_LENGTH - 1) + EMOJI + 'overflow';

  it('when an event carries huge shop, charge and free-text fields, then they are cut and the raw node is untouched', () => {
    const node = {
      type: 'SUBSCRIPTION_CHARGE_ACTIVATED',
      occurredAt: '2026-03-01T10:00:00Z',
      shop: { id: 'gid://partners/Shop/1', myshopifyDomain: longName, name: longName },
      charge: { id: 'gid://shopify/AppSubscription/5', name: longName, amount: { amount: '9.0', currencyCode: 'USD' }, test: false },
      reason: longText,
      description: longText,
    };
    const event = parseAppEvent(node, '2')!;
    for (const value of [event.shopDomain, event.shopName, event.chargeName]) expect(value).toBe('x'.repeat(MAX_NAME_LENGTH - 1) + EMOJI);
    for (const value of [event.reason, event.description]) expect(value).toBe('y'.repeat(MAX_FREE_TEXT_LENGTH - 1) + EMOJI);
    expect(node.shop.name).toBe(longName);
  });

  it('when a transaction carries a huge shop domain and type name, then they are cut', () => {
    const tx = parseAppTransaction(
      {
        __typename: longName,
        id: 'gid://partners/AppSubscriptionSale/1',
        createdAt: '2026-03-01T10:00:00Z',
        shop: { id: 'gid://partners/Shop/1', myshopifyDomain: longName },
        netAmount: { amount: '1.0', currencyCode: 'USD' },
      },
      '2',
    )!;
    expect(codePoints(tx.shopDomain!)).toBe(MAX_NAME_LENGTH);
    expect(codePoints(tx.typename)).toBe(MAX_NAME_LENGTH);
  });
});
