import { expect } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { generateDataSet, startPartnerSimulator, type PartnerSimulator } from '../../fakes/partnerApi/index.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { blockActionsPayload, eventCallback, sendEvent, sendInteraction, sendSlashCommand, viewSubmissionPayload } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, type Backend } from '../../helpers/testDatabase.ts';

export const ORG_A = '111111';
export const ORG_B = '222222';
export const TOKEN_A = 'prtapi_good_token_a_1234';
export const TOKEN_B = 'prtapi_good_token_b_5678';
export const TOKEN_NO_MANAGE = 'prtapi_no_manage_apps_9999';
export const TOKEN_NO_FINANCIALS = 'prtapi_no_financials_7777';
export const TEAM_1 = 'T00000001';
export const TEAM_2 = 'T00000002';
export const ADMIN = 'U0ADMIN01';
export const ADMIN_2 = 'U0ADMIN02';
export const MEMBER = 'U0MEMBER1';
export const ALERTS = 'C0ALERTS1';
export const ALERTS_2 = 'C0ALERTS2';
export const PRIVATE = 'G0PRIVATE';
const APP_A1 = 'gid://partners/App/5001';
const APP_A2 = 'gid://partners/App/5002';
const APP_B1 = 'gid://partners/App/6001';

export interface ConnectEnv {
  fake: FakeSlack;
  sim: PartnerSimulator;
  database: DatabaseHandle;
  bot: TestBot;
  stop(): Promise<void>;
}

/** Two organizations in the simulator, a fake Slack with an admin and a member, and the real bot. */
export async function startConnectEnv(backend: Backend): Promise<ConnectEnv> {
  const a = generateDataSet({ appId: APP_A1, seed: 11, targetEvents: 450, targetTransactions: 200, start: '2025-06-01T00:00:00Z', end: '2026-06-01T00:00:00Z' });
  const b = generateDataSet({ appId: APP_B1, seed: 12, targetEvents: 120, targetTransactions: 60, start: '2025-06-01T00:00:00Z', end: '2026-06-01T00:00:00Z', firstShopNumber: 2_000_000 });
  const sim = await startPartnerSimulator({
    orgs: [
      {
        id: ORG_A,
        apps: [{ id: APP_A1, name: 'Upsell Pro' }, { id: APP_A2, name: 'Reviews & <More>' }],
        tokens: [{ token: TOKEN_A }, { token: TOKEN_NO_MANAGE, manageApps: false }, { token: TOKEN_NO_FINANCIALS, viewFinancials: false }],
      },
      { id: ORG_B, apps: [{ id: APP_B1, name: 'Bundles' }], tokens: [{ token: TOKEN_B }] },
    ],
    shops: [...a.shops, ...b.shops],
    events: [...a.events, ...b.events],
    transactions: [...a.transactions, ...b.transactions],
    ratePerSecond: 0,
  });
  const fake = await startFakeSlack({
    users: {
      [ADMIN]: { is_admin: true, tz: 'America/New_York' },
      [ADMIN_2]: { enterprise_user: { is_owner: true }, tz: 'Europe/Berlin' },
      [MEMBER]: { tz: 'Europe/Paris' },
    },
    channels: { [ALERTS]: { name: 'partner-alerts' }, [ALERTS_2]: { name: 'alerts-two' }, [PRIVATE]: { is_private: true } },
  });
  const database = await openTestDatabase(backend);
  const bot = await startTestBot(fake, database, { PARTNER_API_URL: sim.url, POLL_INTERVAL_SECONDS: '1', PARTNER_RATE_LIMIT_PER_SECOND: '100' });
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

export interface FormInput {
  org?: string;
  token?: string;
  apps?: string;
  alerts?: string | null;
  digest?: string | null;
  day?: number;
  hour?: number;
  timeZone?: string;
}

export function stateValues(form: FormInput): Record<string, Record<string, Record<string, unknown>>> {
  return {
    org: { org_input: { type: 'plain_text_input', value: form.org ?? ORG_A } },
    token: { token_input: { type: 'plain_text_input', value: form.token ?? TOKEN_A } },
    apps: { apps_input: { type: 'plain_text_input', value: form.apps ?? '5001\ngid://partners/App/5002' } },
    alerts_channel: { alerts_channel_input: { type: 'conversations_select', selected_conversation: form.alerts === undefined ? ALERTS : form.alerts } },
    digest_channel: { digest_channel_input: { type: 'conversations_select', selected_conversation: form.digest ?? null } },
    digest_day: { digest_day_input: { type: 'static_select', selected_option: { value: String(form.day ?? 1) } } },
    digest_hour: { digest_hour_input: { type: 'static_select', selected_option: { value: String(form.hour ?? 9) } } },
    time_zone: { time_zone_input: { type: 'plain_text_input', value: form.timeZone ?? 'America/New_York' } },
  };
}

type Json = Record<string, any>;
let viewCounter = 0;

/** Like expect.poll, but usable in beforeAll too. */
async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function driver(env: ConnectEnv) {
  const { fake, bot } = env;
  const self = {
    /** `/partner <text>`; resolves with the ephemeral reply (or null when none came, e.g. a modal opened). */
    async command(text: string, who: { team?: string; user?: string } = {}): Promise<Json | null> {
      const url = fake.responseUrl();
      const opened = fake.callsTo('views.open').length;
      const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, response_url: url, team_id: who.team ?? TEAM_1, user_id: who.user ?? ADMIN });
      expect(res.status).toBe(200);
      await waitFor('a reply or a modal', () => fake.responsesTo(url).length + fake.callsTo('views.open').length - opened > 0, 5000);
      return (fake.responsesTo(url)[0] as Json | undefined) ?? null;
    },
    /** Submits the connect modal; resolves with the ack body and the view the modal ends on. */
    async submit(form: FormInput, who: { team?: string; user?: string; mode?: 'connect' | 'edit' } = {}): Promise<{ ack: Json; final: Json | null }> {
      const id = `VSUB${++viewCounter}`;
      const payload = viewSubmissionPayload(
        { callback_id: 'partner_connect', id, values: stateValues(form) as never, private_metadata: JSON.stringify({ mode: who.mode ?? 'connect' }) },
        { team_id: who.team ?? TEAM_1, user_id: who.user ?? ADMIN },
      );
      const res = await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, payload);
      expect(res.status).toBe(200);
      const ack = (typeof res.body === 'object' ? res.body : {}) as Json;
      if (ack.response_action !== 'update') return { ack, final: null };
      await waitFor('the modal update', () => fake.callsTo('views.update').some((c) => c.args.view_id === id), 15_000);
      return { ack, final: fake.callsTo('views.update').find((c) => c.args.view_id === id)!.args.view as Json };
    },
    async click(actionId: string, who: { team?: string; user?: string; value?: string; fromMessage?: boolean } = {}): Promise<string | undefined> {
      const url = who.fromMessage ? fake.responseUrl() : undefined;
      const payload = blockActionsPayload(
        { action_id: actionId, ...(who.value ? { value: who.value } : {}) },
        { team_id: who.team ?? TEAM_1, user_id: who.user ?? ADMIN, ...(url ? { response_url: url } : { view: { id: 'VHOME', type: 'home' } }) },
      );
      const res = await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, payload);
      expect(res.status).toBe(200);
      return url;
    },
    async openHome(who: { team?: string; user?: string } = {}): Promise<void> {
      await sendEvent(bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_home_opened', user: who.user ?? ADMIN, tab: 'home', channel: 'D0HOME' }, { team_id: who.team ?? TEAM_1 }));
    },
    /** Ticks the sync worker until every tracked stream of the workspace imported its history. */
    async syncUntilImported(team = TEAM_1, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await bot.bot.syncWorker.tick();
        await bot.bot.syncWorker.idle();
        const rows = await env.database.db
          .selectFrom('sync_progress as p')
          .innerJoin('partner_connections as c', 'c.id', 'p.connection_id')
          .select('p.backfill_complete')
          .where('c.workspace_id', '=', team)
          .where('c.status', '<>', 'disconnected')
          .execute();
        if (rows.length > 0 && rows.every((r) => r.backfill_complete)) return;
        if (Date.now() > deadline) throw new Error('history import did not finish');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async liveConnection(team = TEAM_1) {
      return env.database.db.selectFrom('partner_connections').selectAll().where('workspace_id', '=', team).where('status', '<>', 'disconnected').executeTakeFirst();
    },
  };
  return self;
}

/** Text of every block (and the view title) of a view or message, for assertions. */
export function textOf(value: unknown): string {
  return JSON.stringify(value);
}

/** Requests the history import made (they carry an upper bound); live polls carry only a lower one. */
export function backfillRequests(sim: PartnerSimulator, token: string) {
  return sim.requests.filter((r) => r.token === token && r.outcome === 'ok' && (r.variables?.occurredAtMax != null || r.variables?.createdAtMax != null));
}
