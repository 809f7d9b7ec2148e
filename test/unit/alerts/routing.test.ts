import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { matchRoutes, type RoutingFacts } from '../../../src/alerts/routing/matchRoutes.ts';
import { eventAmount, paidBefore } from '../../../src/alerts/routing/shopFacts.ts';
import { withMentions } from '../../../src/alerts/routing/withMentions.ts';
import type { AlertRoute } from '../../../src/domain/alertRoute.ts';
import type { AppEvent } from '../../../src/domain/appEvent.ts';

let nextId = 1;
function rule(channelId: string, r: Partial<AlertRoute> = {}): AlertRoute {
  const id = nextId++;
  return { id, connectionId: 1, position: id, scope: 'all', kinds: [], appId: null, channelId, paying: false, min: null, mention: null, ...r };
}

function facts(f: Partial<RoutingFacts> = {}): RoutingFacts {
  return { kinds: ['install'], appId: '1', paidBefore: false, amounts: [], ...f };
}

const usd = (amount: string) => ({ amount: new Decimal(amount), currency: 'USD' });
const channels = (routes: AlertRoute[], f: Partial<RoutingFacts>) => matchRoutes(routes, facts(f)).map((d) => d.channelId);

describe('routing rules', () => {
  it('when rules name scopes, then installs, billing, kinds and all each take their alerts', () => {
    const routes = [rule('CALL'), rule('CINST', { scope: 'installs' }), rule('CBILL', { scope: 'billing' }), rule('CKIND', { scope: 'kinds', kinds: ['uninstall', 'one_time_charge'] })];
    expect(channels(routes, { kinds: ['install'] })).toEqual(['CALL', 'CINST']);
    expect(channels(routes, { kinds: ['store_closed'] })).toEqual(['CALL', 'CINST']);
    expect(channels(routes, { kinds: ['uninstall'] })).toEqual(['CALL', 'CINST', 'CKIND']);
    expect(channels(routes, { kinds: ['plan_change'] })).toEqual(['CALL', 'CBILL']);
    expect(channels(routes, { kinds: ['other'] })).toEqual(['CALL', 'CBILL']);
    expect(channels(routes, { kinds: ['one_time_charge'] })).toEqual(['CALL', 'CBILL', 'CKIND']);
  });

  it('when a rule names one app, then only that app\'s alerts match it', () => {
    const routes = [rule('CONE', { appId: '7' }), rule('CANY')];
    expect(channels(routes, { appId: '7' })).toEqual(['CONE', 'CANY']);
    expect(channels(routes, { appId: '8' })).toEqual(['CANY']);
  });

  it('when a rule asks for paying shops, then only alerts of shops that paid just before match', () => {
    const routes = [rule('CPAY', { scope: 'kinds', kinds: ['uninstall'], paying: true })];
    expect(channels(routes, { kinds: ['uninstall'], paidBefore: true })).toEqual(['CPAY']);
    expect(channels(routes, { kinds: ['uninstall'], paidBefore: false })).toEqual([]);
    expect(channels(routes, { kinds: ['uninstall'], paidBefore: null })).toEqual([]);
  });

  it('when a rule has a minimum, then only billing alerts at least that much match, in its currency when it names one', () => {
    const anyCurrency = [rule('CMIN', { min: { amount: '100', currency: null } })];
    const inEur = [rule('CEUR', { min: { amount: '100', currency: 'EUR' } })];
    expect(channels(anyCurrency, { kinds: ['subscription_new'], amounts: [usd('100')] })).toEqual(['CMIN']);
    expect(channels(anyCurrency, { kinds: ['subscription_new'], amounts: [usd('99.99')] })).toEqual([]);
    expect(channels(anyCurrency, { kinds: ['one_time_charge'], amounts: [] })).toEqual([]);
    expect(channels(anyCurrency, { kinds: ['install'], amounts: [usd('500')] })).toEqual([]);
    expect(channels(inEur, { kinds: ['subscription_new'], amounts: [usd('500')] })).toEqual([]);
    expect(channels(inEur, { kinds: ['subscription_new'], amounts: [{ amount: new Decimal('150'), currency: 'eur' }] })).toEqual(['CEUR']);
    // A plan change counts when either plan reaches the minimum.
    expect(channels(anyCurrency, { kinds: ['plan_change'], amounts: [usd('10'), usd('200')] })).toEqual(['CMIN']);
  });

  it('when several rules send an alert to one channel, then it is one post with each mention once', () => {
    const routes = [rule('C1', { mention: '<!here>' }), rule('C2', { mention: '<@U1>' }), rule('C1', { scope: 'installs', mention: '<!subteam^S1>' }), rule('C1', { mention: '<!here>' })];
    expect(matchRoutes(routes, facts())).toEqual([
      { channelId: 'C1', mentions: ['<!here>', '<!subteam^S1>'] },
      { channelId: 'C2', mentions: ['<@U1>'] },
    ]);
  });

  it('when no rule matches, then the alert goes nowhere', () => {
    expect(matchRoutes([rule('C1', { scope: 'billing' })], facts({ kinds: ['install'] }))).toEqual([]);
    expect(matchRoutes([], facts())).toEqual([]);
  });
});

function ev(e: Partial<AppEvent>): AppEvent {
  return {
    appId: '1', shopId: '9', shopDomain: null, shopName: null, type: 'SUBSCRIPTION_CHARGE_ACTIVATED', occurredAt: '2026-01-01T00:00:00.000000Z',
    chargeId: 'gid://shopify/AppSubscription/5', chargeName: 'Pro', amount: new Decimal('120'), currency: 'USD', test: false, billingOn: null, reason: null, description: null, ...e,
  };
}

describe('routing facts', () => {
  it('when the shop had a live paid plan before, then it was paying; a test or $0 plan is not', () => {
    expect(paidBefore([ev({})], { appId: '1', shopId: '9' })).toBe(true);
    expect(paidBefore([ev({ test: true })], { appId: '1', shopId: '9' })).toBe(false);
    expect(paidBefore([ev({ amount: new Decimal('0') })], { appId: '1', shopId: '9' })).toBe(false);
    expect(paidBefore([ev({}), ev({ type: 'SUBSCRIPTION_CHARGE_CANCELED', occurredAt: '2026-01-02T00:00:00.000000Z' })], { appId: '1', shopId: '9' })).toBe(false);
    expect(paidBefore([], { appId: '1', shopId: '9' })).toBe(false);
  });

  it('when a plan is annual, then its amount counts per month', () => {
    expect(eventAmount(ev({}), new Map([['5', 'ANNUAL']]))!.amount.toString()).toBe('10');
    expect(eventAmount(ev({}), new Map())!.amount.toString()).toBe('120');
    expect(eventAmount(ev({ type: 'ONE_TIME_CHARGE_ACTIVATED', amount: new Decimal('49') }), new Map([['5', 'ANNUAL']]))!.amount.toString()).toBe('49');
    expect(eventAmount(ev({ amount: null }), new Map())).toBeNull();
  });
});

describe('mentions in the message', () => {
  const message = { text: 'New install: Shop', blocks: [{ type: 'header' as const, text: { type: 'plain_text' as const, text: 'New install' } }] };

  it('when rules name people, then the text starts with the mentions and the first block shows them', () => {
    const out = withMentions(message, ['<!here>', '<@U123>']);
    expect(out.text).toBe('<!here> <@U123> New install: Shop');
    expect(out.blocks[0]).toMatchObject({ type: 'section', text: { text: '<!here> <@U123>' } });
    expect(out.blocks).toHaveLength(2);
  });

  it('when a stored mention is not Slack mention syntax, then it is left out', () => {
    expect(withMentions(message, ['<http://evil|click>', '@here', '<!everyone>'])).toEqual(message);
  });
});
