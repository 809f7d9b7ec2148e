import { generateDataSet, startPartnerSimulator, type PartnerSimulator, type SimDataSet } from '../../../test/fakes/partnerApi/index.ts';
import { ADMIN, ALERTS, ORG_A, TOKEN_A } from '../../../test/integration/connect/connectHarness.ts';
import { startFakeSlack, type FakeSlack } from '../../../test/helpers/fakeSlack.ts';

/**
 * The outside world of one footprint run: one Partner organization with three apps and a year of
 * history in the simulator, and a fake Slack workspace with an admin and an alerts channel. Every
 * candidate gets a fresh pair over the same generated data, so the workloads are identical.
 */
export const APP_NUMBERS = ['7001', '7002', '7003'];
export const ORGANIZATION = ORG_A;
export const PARTNER_TOKEN = TOKEN_A;
export const ADMIN_USER = ADMIN;
export const ALERTS_CHANNEL = ALERTS;

const DAY = 86_400_000;
/** Generated ids restart at the same number for every app; each app's get an offset of its own. */
const ID_OFFSET = 100_000_000;

function offsetId(gid: string, offset: number): string {
  return gid.replace(/(\d+)$/, (n) => String(Number(n) + offset));
}

/**
 * About 5,000 records per app (events and transactions), the last year up to now, so "last 30d"
 * and "this month" have figures. Charge and transaction ids get a per-app offset: the generator
 * numbers them from the same start for every app, and the bot would merge equal ids of one org.
 */
export function generateHistory(): SimDataSet {
  const end = new Date();
  const start = new Date(end.getTime() - 365 * DAY);
  const all: SimDataSet = { shops: [], events: [], transactions: [] };
  APP_NUMBERS.forEach((number, k) => {
    const data = generateDataSet({
      appId: `gid://partners/App/${number}`, seed: 31 + k, targetEvents: 3000, targetTransactions: 1500,
      start: start.toISOString(), end: end.toISOString(), firstShopNumber: 1_000_000 + k * 100_000,
    });
    const offset = (k + 1) * ID_OFFSET;
    all.shops.push(...data.shops);
    all.events.push(...data.events.map((e) => (e.charge ? { ...e, charge: { ...e.charge, id: offsetId(e.charge.id, offset) } } : e)));
    all.transactions.push(...data.transactions.map((t) => ({ ...t, id: offsetId(t.id, offset), chargeId: t.chargeId && offsetId(t.chargeId, offset) })));
  });
  return all;
}

export interface PartnerWorld {
  fake: FakeSlack;
  sim: PartnerSimulator;
  stop(): Promise<void>;
}

export async function startPartnerWorld(history: SimDataSet): Promise<PartnerWorld> {
  // The simulator's default rate limit (4 requests a second per token) is Shopify's, and the bot's
  // default limiter matches it: the import runs at the pace it runs in production.
  const sim = await startPartnerSimulator({
    orgs: [{ id: ORGANIZATION, apps: APP_NUMBERS.map((n, i) => ({ id: `gid://partners/App/${n}`, name: `Bench app ${i + 1}` })), tokens: [{ token: PARTNER_TOKEN }] }],
    shops: history.shops,
    events: history.events,
    transactions: history.transactions,
  });
  const fake = await startFakeSlack({
    users: { [ADMIN_USER]: { is_admin: true, tz: 'America/New_York' } },
    channels: { [ALERTS_CHANNEL]: { name: 'partner-alerts' } },
  });
  return {
    fake,
    sim,
    async stop() {
      await fake.stop();
      await sim.stop();
    },
  };
}
