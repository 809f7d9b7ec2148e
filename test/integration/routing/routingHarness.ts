import { createTokenCipher } from '../../../src/crypto/tokenCipher.ts';
import { saveConnection } from '../../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { sendSlashCommand } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_ENCRYPTION_KEY, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, type Backend } from '../../helpers/testDatabase.ts';

export const ADMIN = 'U0ADMIN01';
export const MEMBER = 'U0MEMBER1';
export const ALERTS = 'C0ALERTS1';
export const PUBLIC = 'C0REVENUE';
export const PRIVATE = 'G0PRIVATE';
export const APPS = [{ appId: '4242', name: 'Test App' }, { appId: '5001', name: 'Upsell <Pro> & *More*' }];

export interface RoutingEnv {
  database: DatabaseHandle;
  fake: FakeSlack;
  bot: TestBot;
  connectionId: number;
  /** `/partner alerts <text>`; resolves with the ephemeral reply's text. */
  alerts(text: string, user?: string): Promise<string>;
  routes(): Promise<{ position: number; scope: string; kinds: string[]; app_id: string | null; channel_id: string; paying: boolean; min_amount: string | null; min_currency: string | null; mention: string | null }[]>;
  stop(): Promise<void>;
}

/** A workspace connected with two apps and rule 1 (everything to the alerts channel), the real bot, a fake Slack. */
export async function startRoutingEnv(backend: Backend): Promise<RoutingEnv> {
  const database = await openTestDatabase(backend);
  const fake = await startFakeSlack({
    users: { [ADMIN]: { is_admin: true }, [MEMBER]: {} },
    channels: { [ALERTS]: { name: 'partner-alerts', is_member: true }, [PUBLIC]: { name: 'revenue' }, [PRIVATE]: { name: 'secret', is_private: true } },
  });
  const connection = await database.db.transaction().execute((trx) =>
    saveConnection(trx, createTokenCipher(Buffer.from(TEST_ENCRYPTION_KEY, 'base64')), {
      workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: 'prtapi_x', connectedByUserId: ADMIN, timeZone: 'UTC',
      alertsChannelId: ALERTS, digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: APPS,
    }, new Date()),
  );
  const bot = await startTestBot(fake, database);
  return {
    database, fake, bot, connectionId: connection.id,
    async alerts(text, user = ADMIN) {
      const url = fake.responseUrl();
      const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text: `alerts ${text}`, response_url: url, user_id: user });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      for (let i = 0; i < 500; i++) {
        const [answer] = fake.responsesTo(url) as { text: string }[];
        if (answer) return answer.text;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no answer to /partner alerts ${text}`);
    },
    routes: () => database.db.selectFrom('alert_routes').select(['position', 'scope', 'kinds', 'app_id', 'channel_id', 'paying', 'min_amount', 'min_currency', 'mention']).where('connection_id', '=', connection.id).orderBy('position').execute() as never,
    async stop() {
      await bot.stop();
      await fake.stop();
      await database.close();
    },
  };
}
