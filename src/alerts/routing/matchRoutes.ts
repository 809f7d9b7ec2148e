import { Decimal } from 'decimal.js';
import type { AlertRoute } from '../../domain/alertRoute.ts';
import type { AlertKind } from '../kinds.ts';

/** The kinds a rule's `installs` scope covers (a reinstall alerts as an install); `billing` is every other kind. */
export const INSTALL_KINDS: readonly AlertKind[] = ['install', 'uninstall', 'store_closed', 'store_reopened'];

export interface Money {
  amount: Decimal;
  currency: string;
}

/** What the rules of a connection are matched against, for one alert. */
export interface RoutingFacts {
  /**
   * The kinds the alert is, or may still become: a cancellation or an activation queued now may be
   * posted as a plan change once its partner arrives, so it is routed as either until then.
   */
  kinds: readonly AlertKind[];
  appId: string;
  /** The shop had a live paid (non-test, non-zero) subscription just before the event; null when no rule asked. */
  paidBefore: boolean | null;
  /** The monthly amounts (annual plans /12) or charge amounts the alert is about; a plan change has both plans'. */
  amounts: readonly Money[];
}

/** One post: the channel, and the mentions of every rule that sends the alert there, each once. */
export interface ChannelDelivery {
  channelId: string;
  mentions: string[];
}

export function isInstallKind(kind: AlertKind): boolean {
  return INSTALL_KINDS.includes(kind);
}

function inScope(route: AlertRoute, kind: AlertKind): boolean {
  switch (route.scope) {
    case 'all':
      return true;
    case 'installs':
      return isInstallKind(kind);
    case 'billing':
      return !isInstallKind(kind);
    case 'kinds':
      return route.kinds.includes(kind);
  }
}

/** `min` only ever lets billing alerts through, and only those with an amount at least that much (in its currency, when it names one). */
function reachesMin(route: AlertRoute, kind: AlertKind, amounts: readonly Money[]): boolean {
  if (!route.min) return true;
  if (isInstallKind(kind)) return false;
  const min = new Decimal(route.min.amount);
  const currency = route.min.currency?.toUpperCase() ?? null;
  return amounts.some((m) => (currency === null || m.currency.toUpperCase() === currency) && m.amount.gte(min));
}

export function routeMatches(route: AlertRoute, facts: RoutingFacts): boolean {
  if (route.appId !== null && route.appId !== facts.appId) return false;
  if (route.paying && facts.paidBefore !== true) return false;
  return facts.kinds.some((kind) => inScope(route, kind) && reachesMin(route, kind, facts.amounts));
}

/** True when some rule filters on what the shop paid, so the shop's history must be read to route. */
export function needsShopFacts(routes: readonly AlertRoute[]): boolean {
  return routes.some((r) => r.paying || r.min !== null);
}

/**
 * The channels an alert goes to, in the order their first matching rule appears, each once with the
 * mentions of all its matching rules (deduplicated): several rules to one channel make one post.
 */
export function matchRoutes(routes: readonly AlertRoute[], facts: RoutingFacts): ChannelDelivery[] {
  const byChannel = new Map<string, ChannelDelivery>();
  for (const route of [...routes].sort((a, b) => a.position - b.position)) {
    if (!routeMatches(route, facts)) continue;
    const delivery = byChannel.get(route.channelId) ?? { channelId: route.channelId, mentions: [] };
    if (route.mention && !delivery.mentions.includes(route.mention)) delivery.mentions.push(route.mention);
    byChannel.set(route.channelId, delivery);
  }
  return [...byChannel.values()];
}
