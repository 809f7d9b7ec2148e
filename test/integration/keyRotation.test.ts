import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPartnerToken, saveConnection } from '../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { createInstallationStore } from '../../src/storage/installationStore.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../helpers/fakeSlack.ts';
import { sendSlashCommand } from '../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../helpers/testDatabase.ts';

const PARTNER_TOKEN = 'prtapi_rotation0123456789abcdef';
const OAUTH = { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret' };

/** The workspace installs the app through the OAuth flow, as a real one would. */
async function install(bot: TestBot): Promise<void> {
  const start = await fetch(`${bot.baseUrl}/slack/install`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const redirect = await fetch(`${bot.baseUrl}/slack/oauth_redirect?code=fake-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  expect(redirect.status).toBeLessThan(400);
}

/** Every stored key version, whichever table and column holds it (a new encrypted column is included by name). */
async function storedKeyVersions(database: DatabaseHandle): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_name like '%key_version'`.execute(database.db);
  expect(columns.rows.length).toBeGreaterThan(0);
  const versions: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    const rows = await sql<{ v: string | null }>`select ${sql.ref(column_name)} as v from ${sql.table(table_name)}`.execute(database.db);
    versions.push(...rows.rows.flatMap((r) => (r.v === null ? [] : [r.v])));
  }
  return versions;
}

describe.each(testBackends())('encryption key rotation on %s', (backend) => {
  let fake: FakeSlack;
  let database: DatabaseHandle;
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
    await fake.stop();
  });

  it('when the README procedure is followed (new key, old key as previous, restart, then old key removed), then the OAuth installation and the Partner token still decrypt', async () => {
    // Key A: a workspace installs over OAuth and connects its Partner organization.
    const first = await startTestBot(fake, database, { ...OAUTH, TOKEN_ENCRYPTION_KEY: keyA });
    let connectionId: number;
    try {
      await install(first);
      const connection = await database.db.transaction().execute((trx) =>
        saveConnection(trx, first.bot.cipher, {
          workspaceId: FAKE_TEAM_ID, organizationId: '1234', token: PARTNER_TOKEN, connectedByUserId: 'U1', timeZone: 'UTC',
          alertsChannelId: 'C1', digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [{ appId: '42', name: 'Upsell' }],
        }, new Date()),
      );
      connectionId = connection.id;
    } finally {
      await first.stop();
    }

    // Restart with B current and A previous: everything is re-encrypted under B.
    const rotating = await startTestBot(fake, database, { ...OAUTH, TOKEN_ENCRYPTION_KEY: keyB, TOKEN_ENCRYPTION_PREVIOUS_KEYS: keyA });
    await rotating.stop();
    expect(rotating.logs.join('\n')).toContain('"slackInstallations":1');
    expect(rotating.logs.join('\n')).toContain('"partnerConnections":1');
    expect(new Set(await storedKeyVersions(database))).toEqual(new Set([rotating.bot.cipher.currentKeyVersion]));

    // A removed: the installation serves requests and background jobs, the Partner token reads.
    const after = await startTestBot(fake, database, { ...OAUTH, TOKEN_ENCRYPTION_KEY: keyB });
    try {
      const installation = await createInstallationStore(database.db, after.bot.cipher).fetchInstallation({ teamId: FAKE_TEAM_ID, enterpriseId: undefined, isEnterpriseInstall: false });
      expect(installation.bot?.token).toBe(FAKE_BOT_TOKEN);
      expect(await readPartnerToken(database.db, after.bot.cipher, connectionId)).toBe(PARTNER_TOKEN);
      const url = fake.responseUrl();
      await sendSlashCommand(after.baseUrl, TEST_SIGNING_SECRET, { text: 'help', response_url: url });
      await expect.poll(() => fake.responsesTo(url).length).toBe(1);
      const logs = [...rotating.logs, ...after.logs].join('\n');
      expect(logs).not.toContain(PARTNER_TOKEN);
      expect(logs).not.toContain(FAKE_BOT_TOKEN);
    } finally {
      await after.stop();
    }
  });
});
