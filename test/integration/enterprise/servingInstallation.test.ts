import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config.ts';
import { createTokenCipher } from '../../../src/crypto/tokenCipher.ts';
import { createBotIdentityFor } from '../../../src/slackApi/botIdentity.ts';
import { createTokenForWorkspace } from '../../../src/slackApi/tokenForWorkspace.ts';
import { saveConnection } from '../../../src/storage/connections.ts';
import { createInstallationStore } from '../../../src/storage/installationStore.ts';
import { forgetWorkspace } from '../../../src/storage/workspaces.ts';
import { openTestDatabase, testBackends, type TestDatabase } from '../../helpers/testDatabase.ts';

const OAUTH: Config['slack'] = { kind: 'oauth', clientId: 'c', clientSecret: 'c', signingSecret: 's', stateSecret: 's' };
const ENTERPRISE = 'E0SERVE01';

const installation = (bot: { token: string; id: string }, where: { team?: string; enterprise?: string }): Installation<'v2', boolean> => ({
  team: where.team ? { id: where.team } : undefined,
  enterprise: where.enterprise ? { id: where.enterprise } : undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { token: bot.token, scopes: ['chat:write'], id: bot.id, userId: `U${bot.id}` },
  tokenType: 'bot',
  isEnterpriseInstall: !where.team,
  appId: 'A0SERVE01',
  authVersion: 'v2',
});

/**
 * The one lookup every background job makes (alerts, digest, health DMs, Home refreshes, and "was
 * that message ours?"): which bot token and bot id serve a workspace.
 */
describe.each(testBackends())('the installation serving a workspace on %s', (backend) => {
  let database: TestDatabase;
  const cipher = createTokenCipher(randomBytes(32));
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    const store = createInstallationStore(database.db, cipher);
    await store.storeInstallation(installation({ token: 'xoxb-org-wide', id: 'B0ORG' }, { enterprise: ENTERPRISE }));
    await store.storeInstallation(installation({ token: 'xoxb-own', id: 'B0OWN' }, { team: 'T0OWN', enterprise: ENTERPRISE }));
    for (const [workspaceId, enterpriseId] of [['T0GRID', ENTERPRISE], ['T0OWN', ENTERPRISE], ['T0PLAIN', null], ['T0OTHERGRID', 'E0OTHER']] as const) {
      await database.db.transaction().execute((trx) =>
        saveConnection(trx, cipher, {
          workspaceId, enterpriseId, organizationId: '1', token: 'prtapi_x', connectedByUserId: 'U1', timeZone: 'UTC',
          alertsChannelId: 'C1', digestChannelId: null, digestWeekday: 1, digestHour: 9, apps: [],
        }, new Date()),
      );
    }
  });
  afterAll(() => database.close());

  const lookups = () => {
    const store = createInstallationStore(database.db, cipher);
    const tokenFor = createTokenForWorkspace(OAUTH, store);
    const identityFor = createBotIdentityFor(OAUTH, { installationStore: store, clientFor: async () => null });
    return async (workspaceId: string) => ({ token: await tokenFor(workspaceId), identity: await identityFor(workspaceId) });
  };

  it('when workspaces ask, then one of the organization gets its own installation if it has one, else the org-wide one, and any other gets none', async () => {
    const lookup = lookups();
    expect(await lookup('T0GRID')).toEqual({ token: 'xoxb-org-wide', identity: { botId: 'B0ORG', appId: 'A0SERVE01' } });
    expect(await lookup('T0OWN')).toEqual({ token: 'xoxb-own', identity: { botId: 'B0OWN', appId: 'A0SERVE01' } });
    for (const outside of ['T0PLAIN', 'T0OTHERGRID', 'T0UNKNOWN']) expect(await lookup(outside)).toEqual({ token: null, identity: null });
  });

  it('when the org-wide installation is removed, then its workspaces get none and the one with its own keeps it', async () => {
    const lookup = lookups();
    expect((await lookup('T0GRID')).token).toBe('xoxb-org-wide');
    await forgetWorkspace(database.db, { teamId: 'T0GRID', enterpriseId: ENTERPRISE, isEnterpriseInstall: true }, new Date());
    expect(await lookup('T0GRID')).toEqual({ token: null, identity: null });
    expect((await lookup('T0OWN')).token).toBe('xoxb-own');
  });
});
