import { describe, expect, it } from 'vitest';
import { NO_REASON, splitReasons, tallyReasons } from '../../../src/metrics/reasons.ts';
import { uninstallReasons } from '../../../src/metrics/reference/uninstallReasons.ts';
import { ev } from './fixtures.ts';

const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-08T00:00:00Z') };
const un = (at: string, reason: string | null, description: string | null = null, shop = '1') =>
  ev('UNINSTALLED', at, { shop, reason, description });

describe('splitReasons', () => {
  it.each([
    ['a comma-separated list', 'Too expensive, Missing features', ['Too expensive', 'Missing features']],
    ['extra spaces and empty items', '  Too expensive ,, ', ['Too expensive']],
    ['a localized list with a full-width comma', '価格が高い，機能不足', ['価格が高い', '機能不足']],
    ['the same reason twice in different case', 'Too expensive, too EXPENSIVE', ['Too expensive']],
    ['null', null, [NO_REASON]],
    ['an empty string', '', [NO_REASON]],
    ['only separators', ' , ', [NO_REASON]],
  ])('when the reason is %s then the parts are %j', (_name, reason, parts) => {
    expect(splitReasons(reason)).toEqual(parts);
  });
});

describe('uninstallReasons', () => {
  const events = [
    un('2026-03-01T00:00:00Z', 'Too expensive, Missing features'),
    un('2026-03-02T00:00:00Z', 'too expensive', 'Cheaper elsewhere', '2'),
    un('2026-03-03T00:00:00Z', 'Too expensive', '  ', '3'),
    un('2026-03-04T00:00:00Z', 'Trop cher', 'Pas de budget', '4'),
    un('2026-03-05T00:00:00Z', null, 'No longer needed', '5'),
    un('2026-03-06T00:00:00Z', '', null, '6'),
    un('2026-03-08T00:00:00Z', 'Too expensive', 'outside the window (at end)', '7'),
    un('2026-02-28T23:59:59.999999Z', 'Too expensive', 'outside the window (before start)', '8'),
    ev('INSTALLED', '2026-03-02T00:00:00Z', { shop: '9', reason: 'not an uninstall' }),
  ];

  it('when reasons differ in case then they are grouped under the most common spelling and sorted by count', () => {
    const r = uninstallReasons(events, window);
    expect(r.uninstalls).toBe(6);
    expect(r.reasons).toEqual([
      { reason: 'Too expensive', count: 3 },
      { reason: NO_REASON, count: 2 },
      { reason: 'Missing features', count: 1 },
      { reason: 'Trop cher', count: 1 },
    ]);
  });

  it('when descriptions are asked for then the latest non-empty ones in the window come first, with shop and time', () => {
    const r = uninstallReasons(events, window, 2);
    expect(r.descriptions).toEqual([
      { appId: '1001', shopId: '5', shopDomain: 'shop-5.myshopify.com', occurredAt: '2026-03-05T00:00:00Z', description: 'No longer needed' },
      { appId: '1001', shopId: '4', shopDomain: 'shop-4.myshopify.com', occurredAt: '2026-03-04T00:00:00Z', description: 'Pas de budget' },
    ]);
  });

  it('when two spellings of a reason are equally common then the capitalized one is shown, whatever order they came in', () => {
    const lower = { reason: 'too expensive', count: 1 };
    const upper = { reason: 'Too expensive', count: 1 };
    expect(tallyReasons([lower, upper])).toEqual([{ reason: 'Too expensive', count: 2 }]);
    expect(tallyReasons([upper, lower])).toEqual([{ reason: 'Too expensive', count: 2 }]);
  });

  it('when nobody uninstalled then there are no reasons and no descriptions', () => {
    expect(uninstallReasons([], window)).toEqual({ uninstalls: 0, reasons: [], descriptions: [] });
  });
});
