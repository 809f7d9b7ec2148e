import { describe, expect, it } from 'vitest';
import { APP_EVENT_TYPES, type AppEvent } from '../../../src/domain/appEvent.ts';
import {
  applyEvent,
  applyShopEvent,
  changesShopState,
  emptyShopState,
  replay,
  replaySnapshots,
  shopKey,
  testChargeIds,
  type ShopState,
  type WorkspaceState,
} from '../../../src/metrics/state.ts';
import { APP, ev } from './fixtures.ts';

const T = (day: number, time = '10:00:00Z') => `2026-03-${String(day).padStart(2, '0')}T${time}`;
const shop = (state: WorkspaceState, shopId = '1', appId = APP): ShopState => state.get(shopKey(appId, shopId))!;
const statuses = (s: ShopState) => Object.fromEntries(Object.values(s.charges).map((c) => [c.chargeId, c.status]));

describe('changesShopState', () => {
  const earlier: AppEvent[] = [
    ev('INSTALLED', T(1)),
    ev('ACTIVATED', T(1, '11:00:00Z'), { charge: '42', amount: '19.00' }),
    ev('ACCEPTED', T(1, '12:00:00Z'), { charge: '43', amount: '49.00' }),
  ];
  const before = replay(earlier);
  const others = APP_EVENT_TYPES.filter((type) => !changesShopState(type));

  it.each([...others, 'SOME_TYPE_SHOPIFY_ADDS_LATER'])('when a %s event arrives then install and subscription state stay as they were', (type) => {
    const after = applyEvent(new Map(before), { ...ev('USAGE_CHARGE_APPLIED', T(2), { charge: '42', amount: '500.00' }), type });
    expect({ install: shop(after).install, charges: shop(after).charges }).toEqual({ install: shop(before).install, charges: shop(before).charges });
  });

  it('when the types that do change state are listed then they are the relationship and subscription charge lifecycle', () => {
    expect(APP_EVENT_TYPES.filter(changesShopState).map((t) => t.replace(/^(RELATIONSHIP|SUBSCRIPTION_CHARGE)_/, ''))).toEqual([
      'INSTALLED', 'UNINSTALLED', 'REACTIVATED', 'DEACTIVATED', 'ACCEPTED', 'ACTIVATED', 'CANCELED', 'DECLINED', 'EXPIRED', 'FROZEN', 'UNFROZEN',
    ]);
  });
});

describe('install state', () => {
  it.each([
    ['installed', 'installed', [ev('INSTALLED', T(1))]],
    ['uninstalled', 'uninstalled', [ev('INSTALLED', T(1)), ev('UNINSTALLED', T(2))]],
    ['closed by Shopify (deactivated)', 'closed', [ev('INSTALLED', T(1)), ev('DEACTIVATED', T(2))]],
    ['reactivated after closing', 'installed', [ev('INSTALLED', T(1)), ev('DEACTIVATED', T(2)), ev('REACTIVATED', T(3))]],
    ['only a usage charge seen', 'never', [ev('USAGE_CHARGE_APPLIED', T(1), { charge: '9', amount: '1' })]],
  ])('when %s then the install state is %s', (_name, expected, events) => {
    expect(shop(replay(events)).install).toBe(expected);
  });

  it('when the shop is REDACTED then it is still a shop with its own state', () => {
    const state = replay([ev('INSTALLED', T(1), { shop: '7', domain: 'REDACTED' })]);
    expect(shop(state, '7')).toMatchObject({ install: 'installed', shopDomain: 'REDACTED' });
  });
});

describe('subscription state', () => {
  const activated = ev('ACTIVATED', T(2), { charge: '42', amount: '19.00', name: 'Basic' });

  it.each([
    ['accepted only', 'pending', [ev('ACCEPTED', T(2), { charge: '42', amount: '19.00' })]],
    ['activated', 'live', [activated]],
    ['frozen', 'frozen', [activated, ev('FROZEN', T(3), { charge: '42' })]],
    ['unfrozen', 'live', [activated, ev('FROZEN', T(3), { charge: '42' }), ev('UNFROZEN', T(4), { charge: '42' })]],
    ['canceled', 'ended', [activated, ev('CANCELED', T(3), { charge: '42' })]],
    ['declined', 'ended', [ev('ACCEPTED', T(2), { charge: '42', amount: '19' }), ev('DECLINED', T(3), { charge: '42' })]],
    ['expired', 'ended', [ev('ACCEPTED', T(2), { charge: '42', amount: '19' }), ev('EXPIRED', T(3), { charge: '42' })]],
    ['unfrozen after being canceled', 'ended', [activated, ev('CANCELED', T(3), { charge: '42' }), ev('UNFROZEN', T(4), { charge: '42' })]],
    ['accepted after activation at the same instant', 'live', [activated, ev('ACCEPTED', T(2), { charge: '42', amount: '19' })]],
  ])('when %s then the charge is %s', (_name, expected, events) => {
    expect(statuses(shop(replay([ev('INSTALLED', T(1)), ...events])))['42']).toBe(expected);
  });

  it('when the capped amount is updated then the price and status do not change', () => {
    const s = shop(replay([activated, ev('CAPPED_AMOUNT_UPDATED', T(3), { charge: '42', amount: '500.00' })]));
    expect(s.charges['42']).toMatchObject({ status: 'live', name: 'Basic' });
    expect(s.charges['42']!.amount!.toString()).toBe('19');
  });

  it('when a second charge is activated then it supersedes the live one', () => {
    const s = shop(replay([activated, ev('ACTIVATED', T(3), { charge: '43', amount: '49.00' })]));
    expect(statuses(s)).toEqual({ '42': 'ended', '43': 'live' });
  });

  it('when the shop uninstalls then every charge of that app and shop ends, other apps keep theirs', () => {
    const state = replay([
      activated,
      ev('ACCEPTED', T(2), { charge: '44', amount: '5' }),
      ev('ACTIVATED', T(2), { app: '2002', charge: '90', amount: '9' }),
      ev('UNINSTALLED', T(3)),
    ]);
    expect(statuses(shop(state))).toEqual({ '42': 'ended', '44': 'ended' });
    expect(statuses(shop(state, '1', '2002'))).toEqual({ '90': 'live' });
  });

  it('when events use both gid namespaces then they address the same charge', () => {
    const s = shop(
      replay([
        ev('ACTIVATED', T(2), { charge: 'gid://shopify/AppSubscription/42', amount: '19' }),
        ev('CANCELED', T(3), { charge: 'gid://partners/AppSubscription/42' }),
      ]),
    );
    expect(statuses(s)).toEqual({ '42': 'ended' });
  });

  it('when activation, ending and uninstall share an instant then the uninstall is applied last', () => {
    const at = T(2);
    // Input deliberately in the reverse of the METRICS.md order.
    const s = shop(replay([ev('UNINSTALLED', at), ev('CANCELED', at, { charge: '41' }), activated, ev('INSTALLED', at)]));
    expect(s.install).toBe('uninstalled');
    expect(statuses(s)).toEqual({ '41': 'ended', '42': 'ended' });
  });

  it('when only a test charge was live then the shop was never live (a later real charge is new)', () => {
    const s = shop(replay([ev('ACTIVATED', T(2), { charge: '42', amount: '19', test: true })]));
    expect(s.everLive).toBe(false);
    expect(shop(replay([activated])).everLive).toBe(true);
  });

  it('when one-time and usage charges arrive then no subscription is recorded', () => {
    const s = shop(
      replay([ev('ONE_TIME_CHARGE_ACTIVATED', T(2), { charge: '5', amount: '99' }), ev('USAGE_CHARGE_APPLIED', T(3), { charge: '6', amount: '3' })]),
    );
    expect(s.charges).toEqual({});
  });
});

describe('replay', () => {
  const events = [
    ev('INSTALLED', T(1)),
    ev('ACTIVATED', T(2), { charge: '42', amount: '19' }),
    ev('UNINSTALLED', '2026-03-03T00:00:00.000001Z'),
  ];

  it.each([
    ['2026-03-02T10:00:00.001Z', 'installed', 'live', 'just after the activation'],
    ['2026-03-03T00:00:00.000Z', 'installed', 'live', 'one microsecond before the uninstall'],
    ['2026-03-03T00:00:00.001Z', 'uninstalled', 'ended', 'after the uninstall'],
  ])('state at %s: %s / %s (%s)', (until, install, charge) => {
    const s = shop(replay(events, new Date(until)));
    expect(s.install).toBe(install);
    expect(statuses(s)['42']).toBe(charge);
  });

  it('when state at 2026-03-02T10:00Z then the charge activated at that instant is not there', () => {
    expect(shop(replay(events, new Date(T(2)))).charges).toEqual({});
  });

  it('when events are applied incrementally in batches then the state equals a full replay', () => {
    const state: WorkspaceState = new Map();
    for (const e of events) applyEvent(state, e);
    expect(state).toEqual(replay([...events].reverse()));
  });

  it('when snapshots are taken in one pass then each equals a separate replay', () => {
    const at = [new Date(T(4)), new Date(T(2)), new Date(T(1))];
    const snaps = replaySnapshots(events, at);
    at.forEach((t, i) => expect(snaps[i]).toEqual(replay(events, t)));
  });

  it('when a shop event is applied then the previous state object is left untouched', () => {
    const before = applyShopEvent(emptyShopState(APP, '1'), events[1]!);
    const frozen = JSON.stringify(before);
    applyShopEvent(before, ev('UNINSTALLED', T(3)));
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe('testChargeIds', () => {
  it('when any event of a charge is marked test then its id is collected', () => {
    const ids = testChargeIds([
      ev('ACTIVATED', T(2), { charge: 'gid://shopify/AppSubscription/42', amount: '1', test: true }),
      ev('ACTIVATED', T(2), { charge: '43', amount: '1' }),
    ]);
    expect([...ids]).toEqual(['42']);
  });
});
