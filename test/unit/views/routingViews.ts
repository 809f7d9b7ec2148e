import type { AlertRoute } from '../../../src/domain/alertRoute.ts';
import type { PartnerConnection, TrackedApp } from '../../../src/domain/connection.ts';
import { buildSampleAlert } from '../../../src/alerts/routing/sampleAlert.ts';
import { buildRoutingModal } from '../../../src/slack/alerts/routingModal.ts';
import { kindsReply, routeListReply } from '../../../src/slack/commands/alerts/alertsReplies.ts';
import { parseAlertsCommand } from '../../../src/slack/commands/alerts/parseAlertsCommand.ts';
import { buildHomeView } from '../../../src/slack/home/homeView.ts';
import type { Built, World } from './everyView.ts';

export const GROUP = 'S0TEAM';

/** 30 rules over hostile app names, ids no longer tracked, hostile stored amounts and mentions. */
export function hostileRoutes(w: World, apps: readonly TrackedApp[], count = 30): AlertRoute[] {
  const mentions = ['<@U0ADMIN>', `<!subteam^${GROUP}>`, '<!here>', '<!channel>', w.typed, null];
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1, connectionId: 7, position: i + 1,
    scope: (['all', 'installs', 'billing', 'kinds'] as const)[i % 4]!,
    kinds: i % 4 === 3 ? ['install', w.eventType] : [],
    appId: i % 3 === 0 ? null : (apps[i % Math.max(1, apps.length)]?.appId ?? w.typed),
    channelId: w.channelId, paying: i % 2 === 0,
    min: i % 5 === 0 ? { amount: i % 10 === 0 ? w.amount : w.typed, currency: i % 2 === 0 ? w.currency : null } : null,
    mention: mentions[i % mentions.length]!,
  }));
}

/** Issue 13's views: the Home "Alert routing" section, the rule modal, the command's replies and the test alert. */
export function routingViews(w: World, connection: PartnerConnection, own: string[]): Built[] {
  const apps: TrackedApp[] = [{ appId: '4242', name: w.appName }, ...w.appNames.map((name, i) => ({ appId: String(i + 1), name }))];
  const routes = hostileRoutes(w, apps);
  // A stored mention in Slack's exact syntax is shown as that mention by design (a list pings nobody).
  const stored = /^<(@[A-Z0-9]{1,40}|!subteam\^[A-Z0-9]{1,40})>$/.test(w.typed) ? [w.typed] : [];
  const allowed = [...own, `<!subteam^${GROUP}>`, ...stored];
  const parsed = [parseAlertsCommand(w.typed), parseAlertsCommand(`add ${w.typed}`), parseAlertsCommand(`add all to #x ${w.typed}`)];
  const replies: Built[] = [
    { name: 'routing list', kind: 'reply', surface: routeListReply(routes, apps, 'Added rule 30.'), allowed },
    { name: 'routing kinds', kind: 'reply', surface: kindsReply(), allowed },
    ...parsed.flatMap((p, i) => (p.kind === 'error' ? [{ name: `routing parse error ${i}`, kind: 'reply' as const, surface: p.message, allowed }] : [])),
  ];
  return [
    { name: 'home with routing', kind: 'view', surface: buildHomeView({ connection, apps, import: { complete: true, fraction: 1 }, slackToken: null, routes }, 'Added rule 30.'), allowed },
    { name: 'routing modal add', kind: 'view', surface: buildRoutingModal({ connectionId: 7, position: null, routeId: null }, apps, null), allowed },
    ...routes.slice(0, 6).map((route) => ({ name: `routing modal edit ${route.position}`, kind: 'view' as const, surface: buildRoutingModal({ connectionId: 7, position: route.position, routeId: route.id }, apps, route), allowed })),
    { name: 'test alert', kind: 'message', surface: buildSampleAlert(w.appName, new Date('2026-03-25T12:00:00Z')), allowed: [] },
    ...replies,
  ];
}
