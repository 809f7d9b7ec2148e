import { microIsoFromMs, type PartnerSimulator } from '../../../test/fakes/partnerApi/index.ts';
import { appGid, type ScaleWorkspace } from './world.ts';

/** One live event the bench appended, and where its alert is expected. */
export interface LiveEvent {
  n: number;
  teamId: string;
  channelId: string;
  domain: string;
  appendedAt: number;
}

const FIRST_SHOP = 9_000_000;
export const liveDomain = (n: number) => `scale-live-${n}.myshopify.com`;
/** Finds the live shops an alert message names. */
export const LIVE_DOMAIN = /scale-live-(\d+)\.myshopify\.com/g;

/**
 * Installs by new shops at random moments (Poisson, `perSecond` on average) in random organizations
 * and apps. Each shop is new, so its install alerts at once (no plan-change hold) and its domain
 * identifies the alert in Slack.
 */
export function startLiveStream(simulator: PartnerSimulator, workspaces: ScaleWorkspace[], perSecond: number) {
  const events: LiveEvent[] = [];
  let n = 0;
  let timer: NodeJS.Timeout | null = null;
  const appendOne = () => {
    const ws = workspaces[Math.floor(Math.random() * workspaces.length)]!;
    const appId = ws.appIds[Math.floor(Math.random() * ws.appIds.length)]!;
    n += 1;
    const shopId = `gid://partners/Shop/${FIRST_SHOP + n}`;
    const domain = liveDomain(n);
    const appendedAt = Date.now();
    simulator.addShops([{ id: shopId, myshopifyDomain: domain, name: `Scale Live ${n}` }]);
    simulator.appendEvents([{ appId: appGid(appId), shopId, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: microIsoFromMs(appendedAt) }]);
    events.push({ n, teamId: ws.teamId, channelId: ws.channelId, domain, appendedAt });
  };
  const schedule = () => {
    const gap = (-Math.log(1 - Math.random()) / perSecond) * 1000;
    timer = setTimeout(() => {
      appendOne();
      schedule();
    }, gap);
  };
  if (perSecond > 0) schedule();
  return {
    events,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
