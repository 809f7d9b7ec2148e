import { expect } from 'vitest';
import type { TestDatabase } from '../../helpers/testDatabase.ts';
import { openTestDatabase, type Backend } from '../../helpers/testDatabase.ts';
import { generateDataSet, microIsoFromMs, startPartnerSimulator, type PartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../../helpers/fakeSlack.ts';
import { eventCallback, sendEvent, sendInteraction, sendSlashCommand, viewSubmissionPayload } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';

/**
 * One Enterprise Grid organization with partnerbot installed org-wide (one bot token for all its
 * workspaces), three of its workspaces, a Partner organization for each, and the real bot in OAuth mode.
 */
export const ENTERPRISE = 'E0GRID001';
export const TEAM_A = 'T0GRIDA01';
export const TEAM_B = 'T0GRIDB01';
/** A workspace of the organization that also has an installation of its own. */
export const TEAM_C = 'T0GRIDC01';
export const ORG_WIDE_TOKEN = 'xoxb-org-wide-bot-token';
export const TEAM_C_TOKEN = 'xoxb-team-c-own-bot-token';
export const ORG_WIDE_BOT_ID = 'B0ORGWIDE';
/** A plain member who installed the app org-wide: neither admin nor owner. */
export const INSTALLER = 'W0INSTALL';
export const ADMIN = 'W0ADMIN01';
export const MEMBER = 'W0MEMBER1';
export const ALERTS = 'C0GRIDALR';
export const DIGEST = 'C0GRIDDIG';

export interface Workspace {
  team: string;
  org: string;
  token: string;
  app: string;
}

export const WORKSPACES: Record<'a' | 'b' | 'c', Workspace> = {
  a: { team: TEAM_A, org: '710001', token: 'prtapi_grid_token_a_1111', app: '7101' },
  b: { team: TEAM_B, org: '720002', token: 'prtapi_grid_token_b_2222', app: '7201' },
  c: { team: TEAM_C, org: '730003', token: 'prtapi_grid_token_c_3333', app: '7301' },
};

export interface EnterpriseEnv {
  fake: FakeSlack;
  sim: PartnerSimulator;
  database: TestDatabase;
  bot: TestBot;
  stop(): Promise<void>;
}

export async function startEnterpriseEnv(backend: Backend): Promise<EnterpriseEnv> {
  const end = new Date(Date.now() - 3_600_000).toISOString();
  const data = Object.values(WORKSPACES).map((w, i) =>
    generateDataSet({ appId: `gid://partners/App/${w.app}`, seed: 70 + i, targetEvents: 60, targetTransactions: 30, start: '2026-01-01T00:00:00Z', end, firstShopNumber: 3_000_000 + i * 100_000 }),
  );
  const sim = await startPartnerSimulator({
    orgs: Object.values(WORKSPACES).map((w) => ({ id: w.org, apps: [{ id: `gid://partners/App/${w.app}`, name: `App ${w.app}` }], tokens: [{ token: w.token }] })),
    shops: data.flatMap((d) => d.shops),
    events: data.flatMap((d) => d.events),
    transactions: data.flatMap((d) => d.transactions),
    ratePerSecond: 0,
  });
  const fake = await startFakeSlack({
    teamId: TEAM_A,
    enterpriseId: ENTERPRISE,
    users: {
      [INSTALLER]: { tz: 'Europe/Paris' },
      [ADMIN]: { enterprise_user: { is_admin: true }, tz: 'UTC' },
      [MEMBER]: {},
    },
    channels: { [ALERTS]: { name: 'partner-alerts', is_member: true }, [DIGEST]: { name: 'partner-digest', is_member: true } },
    oauth: {
      isEnterpriseInstall: true,
      teamId: null,
      enterpriseId: ENTERPRISE,
      enterpriseName: 'Grid Org',
      botToken: ORG_WIDE_TOKEN,
      botId: ORG_WIDE_BOT_ID,
      authedUserId: INSTALLER,
    },
  });
  const database = await openTestDatabase(backend);
  const bot = await startTestBot(fake, database, {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret',
    PARTNER_API_URL: sim.url,
    POLL_INTERVAL_SECONDS: '1',
    PARTNER_RATE_LIMIT_PER_SECOND: '100',
  });
  return {
    fake, sim, database, bot,
    async stop() {
      await bot.stop();
      await database.close();
      await fake.stop();
      await sim.stop();
    },
  };
}

type Json = Record<string, any>;
let counter = 0;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function driver(env: EnterpriseEnv) {
  const { fake, bot, database } = env;
  /** Where a request from a workspace of the organization comes from, as Slack signs it for an org-wide install. */
  const orgWide = (team: string) => ({ team_id: team, enterprise_id: ENTERPRISE, is_enterprise_install: true });
  const self = {
    /** The OAuth flow, answered by the fake Slack with whatever grant it is set to. */
    async install(): Promise<void> {
      const install = await fetch(`${bot.baseUrl}/slack/install`, { redirect: 'manual' });
      const state = new URL(install.headers.get('location')!).searchParams.get('state')!;
      const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
      const redirect = await fetch(`${bot.baseUrl}/slack/oauth_redirect?code=fake-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
      expect(redirect.status).toBeLessThan(400);
    },
    installations: () => database.db.selectFrom('slack_installations').select(['installation_key', 'team_id', 'enterprise_id', 'installer_user_id']).orderBy('installation_key').execute(),
    /** `/partner <text>` from a workspace of the organization; resolves with the ephemeral reply, if any. */
    async command(text: string, team: string, user: string, orgWideInstall = true): Promise<Json | null> {
      const url = fake.responseUrl();
      const opened = fake.callsTo('views.open').length;
      const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, {
        text, response_url: url, team_id: team, user_id: user, enterprise_id: ENTERPRISE, is_enterprise_install: orgWideInstall ? 'true' : 'false',
      });
      expect(res.status).toBe(200);
      await waitFor('a reply or a modal', () => fake.responsesTo(url).length + fake.callsTo('views.open').length - opened > 0, 5000);
      return (fake.responsesTo(url)[0] as Json | undefined) ?? null;
    },
    /** Submits the connect modal for a workspace; resolves with the view the modal ends on. */
    async connect(w: Workspace, user = ADMIN, orgWideInstall = true): Promise<Json> {
      const id = `VGRID${++counter}`;
      const values = {
        org: { org_input: { type: 'plain_text_input', value: w.org } },
        token: { token_input: { type: 'plain_text_input', value: w.token } },
        apps: { apps_input: { type: 'plain_text_input', value: w.app } },
        alerts_channel: { alerts_channel_input: { type: 'conversations_select', selected_conversation: ALERTS } },
        digest_channel: { digest_channel_input: { type: 'conversations_select', selected_conversation: DIGEST } },
        digest_day: { digest_day_input: { type: 'static_select', selected_option: { value: '1' } } },
        digest_hour: { digest_hour_input: { type: 'static_select', selected_option: { value: '9' } } },
        time_zone: { time_zone_input: { type: 'plain_text_input', value: 'UTC' } },
      };
      const payload = viewSubmissionPayload(
        { callback_id: 'partner_connect', id, values: values as never, private_metadata: JSON.stringify({ mode: 'connect' }) },
        { team_id: w.team, user_id: user, enterprise_id: ENTERPRISE, is_enterprise_install: orgWideInstall },
      );
      const res = await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, payload);
      expect(res.status).toBe(200);
      await waitFor('the modal update', () => fake.callsTo('views.update').some((c) => c.args.view_id === id));
      return fake.callsTo('views.update').find((c) => c.args.view_id === id)!.args.view as Json;
    },
    async openHome(team: string, user: string): Promise<void> {
      const res = await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' }, { ...orgWide(team), user_id: user }));
      expect(res.status).toBe(200);
    },
    /** app_uninstalled or tokens_revoked as Slack sends them for the org-wide installation. */
    async orgWideEvent(event: Json, team = TEAM_A): Promise<void> {
      const res = await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback(event, orgWide(team)));
      expect(res.status).toBe(200);
    },
    /** The same event for a workspace's own installation. */
    async teamEvent(event: Json, team: string): Promise<void> {
      const res = await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback(event, { team_id: team, enterprise_id: ENTERPRISE, is_enterprise_install: false }));
      expect(res.status).toBe(200);
    },
    /** One sync cycle of every connection, as the scheduler would run it now. */
    async cycle(): Promise<void> {
      await database.db.updateTable('partner_connections').set({ next_poll_at: new Date(0) }).execute();
      await bot.bot.syncWorker.tick();
      await bot.bot.syncWorker.idle();
    },
    async syncUntilImported(team: string): Promise<void> {
      await waitFor(`${team}'s history import`, async () => {
        await bot.bot.syncWorker.tick();
        await bot.bot.syncWorker.idle();
        const rows = await database.db
          .selectFrom('sync_progress as p')
          .innerJoin('partner_connections as c', 'c.id', 'p.connection_id')
          .select('p.backfill_complete')
          .where('c.workspace_id', '=', team)
          .where('c.status', '<>', 'disconnected')
          .execute();
        return rows.length > 0 && rows.every((r) => r.backfill_complete);
      }, 30_000);
    },
    /** A shop installs the workspace's app now: the next poll stores it and queues its alert. */
    newInstall(w: Workspace): string {
      const n = 9_000_000 + ++counter;
      const domain = `grid-shop-${n}.myshopify.com`;
      env.sim.addShops([{ id: `gid://partners/Shop/${n}`, myshopifyDomain: domain, name: `Grid Shop ${n}` }]);
      env.sim.appendEvents([{ appId: `gid://partners/App/${w.app}`, shopId: `gid://partners/Shop/${n}`, typename: 'RelationshipInstalled', type: 'RELATIONSHIP_INSTALLED', occurredAt: microIsoFromMs(Date.now()) }]);
      return domain;
    },
    alertsAbout: (domain: string): RecordedCall[] => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS && JSON.stringify(c.args).includes(domain)),
    connection: (team: string) => database.db.selectFrom('partner_connections').selectAll().where('workspace_id', '=', team).executeTakeFirstOrThrow(),
  };
  return self;
}
