import { generateDataSet, startPartnerSimulator, type PartnerSimulator, type SimDataSet, type SimOrgOptions } from '../../../test/fakes/partnerApi/index.ts';
import { startFakeSlack, type FakeSlack } from '../../../test/helpers/fakeSlack.ts';

/** One workspace of the bench: its Slack side (installation, alerts channel) and its Partner organization. */
export interface ScaleWorkspace {
  teamId: string;
  botToken: string;
  channelId: string;
  orgId: string;
  partnerToken: string;
  /** Numeric app ids (what a connection tracks); the simulator's ids are gid://partners/App/<n>. */
  appIds: string[];
}

export interface ScaleWorld {
  simulator: PartnerSimulator;
  slack: FakeSlack;
  /** The steady workspaces, imported before the window opens. */
  workspaces: ScaleWorkspace[];
  /** The one that connects when the window opens, with a large history to import. */
  importing: ScaleWorkspace;
  stop(): Promise<void>;
}

export const RATE_PER_TOKEN = 4;
const HISTORY_START = '2025-01-01T00:00:00Z';
const HISTORY_END = '2026-11-01T00:00:00Z';

export const appGid = (appId: string) => `gid://partners/App/${appId}`;

function workspace(n: number, apps: number): ScaleWorkspace {
  const id = String(n).padStart(5, '0');
  return {
    teamId: `TSCALE${id}`,
    botToken: `xoxb-scale-${id}`,
    channelId: `CSCALE${id}`,
    orgId: String(100_000 + n),
    partnerToken: `prtapi_scale_${id}`,
    appIds: Array.from({ length: apps }, (_, k) => String(n * 10 + k + 1)),
  };
}

/** A small, seeded history per app (two shops: a handful of events and transactions, one page each). */
function smallHistory(ws: ScaleWorkspace, index: number): SimDataSet[] {
  return ws.appIds.map((appId, k) =>
    generateDataSet({ appId: appGid(appId), seed: index * 10 + k + 1, shops: 2, firstShopNumber: 1_000_000 + Number(appId) * 10, start: HISTORY_START, end: HISTORY_END }),
  );
}

function largeHistory(ws: ScaleWorkspace, events: number): SimDataSet {
  const generated = generateDataSet({ appId: appGid(ws.appIds[0]!), seed: 7, targetEvents: events, targetTransactions: 1, start: '2022-01-01T00:00:00Z', end: HISTORY_END, firstShopNumber: 50_000_000 });
  // Events are what the bench is about; a tenth as many transactions keeps the import event-bound.
  return { ...generated, events: generated.events.slice(0, events), transactions: generated.transactions.slice(0, Math.ceil(events / 10)) };
}

const simOrg = (ws: ScaleWorkspace): SimOrgOptions => ({ id: ws.orgId, apps: ws.appIds.map((id) => ({ id: appGid(id) })), tokens: [{ token: ws.partnerToken }] });

/**
 * The Partner API simulator with every organization and its history, and the fake Slack (it takes
 * any bot token and posts to any channel id, so each workspace's own token and channel just work).
 */
export async function startScaleWorld(count: number, importEvents: number): Promise<ScaleWorld> {
  const workspaces = Array.from({ length: count }, (_, i) => workspace(i + 1, 1 + (i % 3)));
  const importing = { ...workspace(90_000, 1), teamId: 'TSCALEIMPORT', channelId: 'CSCALEIMPORT', partnerToken: 'prtapi_scale_import' };
  const sets = [...workspaces.flatMap((ws, i) => smallHistory(ws, i)), largeHistory(importing, importEvents)];
  const simulator = await startPartnerSimulator({
    orgs: [...workspaces, importing].map(simOrg),
    shops: sets.flatMap((s) => s.shops),
    events: sets.flatMap((s) => s.events),
    transactions: sets.flatMap((s) => s.transactions),
    ratePerSecond: RATE_PER_TOKEN,
  });
  const slack = await startFakeSlack();
  return {
    simulator,
    slack,
    workspaces,
    importing,
    async stop() {
      await Promise.allSettled([simulator.stop(), slack.stop()]);
    },
  };
}
