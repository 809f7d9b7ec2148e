import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartnerConnection } from '../../../src/domain/connection.ts';
import { buildRoutingModal } from '../../../src/slack/alerts/routingModal.ts';
import { buildHomeView } from '../../../src/slack/home/homeView.ts';
import { world } from '../views/everyView.ts';
import { GROUP, hostileRoutes } from '../views/routingViews.ts';
import { surfaceProblems } from '../views/surfaceProblems.ts';

const connection: PartnerConnection = {
  id: 7, workspaceId: 'T1', organizationId: '1234', status: 'active', hasToken: true, tokenHint: 'abcd', lastError: null, lastErrorCode: null,
  consecutiveFailures: 0, errorNotifiedAt: null, connectedByUserId: 'U0ADMIN', timeZone: 'UTC', alertsChannelId: 'C0ALERTS', digestChannelId: null,
  digestWeekday: 1, digestHour: 9, alertSettings: {}, alertsFrom: null, lastSuccessAt: null, recordsImported: 0,
};
const allowed = ['<#C0ALERTS>', '<@U0ADMIN>', `<!subteam^${GROUP}>`];
const sample = fc.sample(world, { numRuns: 5, seed: 13 });

describe('the Alert routing views within Block Kit limits', () => {
  it('when there are 30 rules over hostile app names, then the Home shows 20, says "+10 more — see /partner alerts" and Slack would accept it', () => {
    for (const w of sample) {
      const apps = w.appNames.map((name, i) => ({ appId: String(i + 1), name: `${name}<!channel>` }));
      const view = buildHomeView({ connection, apps, import: { complete: true, fraction: 1 }, slackToken: null, routes: hostileRoutes({ ...w, channelId: 'C0ALERTS' }, apps) });
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(view.blocks.filter((b) => b.block_id?.startsWith('route_actions_'))).toHaveLength(20);
      expect(JSON.stringify(view)).toContain('+10 more — see `/partner alerts`');
      expect(surfaceProblems(view, 'view', allowed)).toEqual([]);
    }
  });

  it('when an organization tracks 150 apps with hostile names, then the rule modal offers at most 100 and fits the limits', () => {
    const [w] = sample;
    const apps = Array.from({ length: 150 }, (_, i) => ({ appId: String(i + 1), name: `${w!.appName}${i}` }));
    const modal = buildRoutingModal({ connectionId: 7, position: 3, routeId: 9 }, apps, hostileRoutes(w!, apps)[1]!);
    const appBlock = modal.blocks.find((b) => b.block_id === 'route_app') as { element: { options: unknown[] } };
    expect(appBlock.element.options.length).toBeLessThanOrEqual(100);
    expect(surfaceProblems(modal, 'view', allowed)).toEqual([]);
  });
});
