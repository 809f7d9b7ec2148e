import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../src/crypto/tokenCipher.ts';
import { createLogger } from '../../src/logger.ts';
import { readPartnerToken, reencryptTokens, saveConnection } from '../../src/storage/connections.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { createInstallationStore, reencryptInstallations } from '../../src/storage/installationStore.ts';
import { openTestDatabase, testBackends } from '../helpers/testDatabase.ts';

const PARTNER_TOKEN = 'prtapi_7f3c9a1be2d44c0f9e8a6b5c4d3e2f10';
const BOT_TOKEN = 'xoxb-1111-2222-secretbottoken';

/** Every text value in every table, to prove a secret is nowhere in clear text. */
async function dumpAllText(handle: DatabaseHandle): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(handle.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(table_name)}`.execute(handle.db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

describe.each(testBackends())('secrets at rest on %s', (backend) => {
  let handle: DatabaseHandle;
  const key = randomBytes(32);
  const cipher = createTokenCipher(key);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (l) => logs.push(l) });

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
  });
  afterAll(() => handle.close());

  it('when a Partner token and a Slack installation are saved, then no table holds either in clear text and no log line does', async () => {
    const connection = await handle.db.transaction().execute((trx) =>
      saveConnection(trx, cipher, {
        workspaceId: 'T1',
        organizationId: '1234',
        token: PARTNER_TOKEN,
        connectedByUserId: 'U1',
        timeZone: 'Europe/Berlin',
        alertsChannelId: 'C1',
        digestChannelId: null,
        digestWeekday: 1,
        digestHour: 9,
        apps: [{ appId: '42', name: 'Upsell' }],
      }, new Date()),
    );
    logger.info('connected', { connection, token: PARTNER_TOKEN });
    await createInstallationStore(handle.db, cipher).storeInstallation({
      team: { id: 'T1' },
      enterprise: undefined,
      user: { id: 'U1', token: undefined, scopes: undefined },
      bot: { token: BOT_TOKEN, scopes: ['commands'], id: 'B1', userId: 'UB1' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: 'A1',
      authVersion: 'v2',
    });

    const everything = await dumpAllText(handle);
    expect(everything).not.toContain(PARTNER_TOKEN);
    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).toContain(PARTNER_TOKEN.slice(-4)); // the hint a view may show
    expect(logs.join('\n')).not.toContain(PARTNER_TOKEN);
    expect(await readPartnerToken(handle.db, cipher, connection.id)).toBe(PARTNER_TOKEN);
    const installation = await createInstallationStore(handle.db, cipher).fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(installation.bot?.token).toBe(BOT_TOKEN);
  });

  it('when the encryption key is rotated, then tokens and installations are re-encrypted and still readable with only the new key', async () => {
    const newKey = randomBytes(32);
    const rotated = createTokenCipher(newKey, [key]);
    expect(await reencryptTokens(handle.db, rotated)).toBe(1);
    expect(await reencryptInstallations(handle.db, rotated)).toBe(1);
    expect(await reencryptInstallations(handle.db, rotated)).toBe(0);
    const onlyNew = createTokenCipher(newKey);
    const { id } = await handle.db.selectFrom('partner_connections').select('id').executeTakeFirstOrThrow();
    expect(await readPartnerToken(handle.db, onlyNew, id)).toBe(PARTNER_TOKEN);
    const installation = await createInstallationStore(handle.db, onlyNew).fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(installation.bot?.token).toBe(BOT_TOKEN);
  });
});
