import type { Installation } from '@slack/bolt';
import type { Kysely } from 'kysely';
import { createTokenCipher, type TokenCipher } from '../../../src/crypto/tokenCipher.ts';
import { openServer, type DatabaseHandle } from '../../../src/storage/database.ts';
import { saveConnection } from '../../../src/storage/connections.ts';
import { listImportProgress } from '../../../src/storage/importProgress.ts';
import { createInstallationStore } from '../../../src/storage/installationStore.ts';
import { migrateToLatest } from '../../../src/storage/migrator.ts';
import type { Database } from '../../../src/storage/schema.ts';
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID } from '../../../test/helpers/fakeSlack.ts';
import type { ScaleWorkspace } from './world.ts';

/** The bench's own sessions carry this name, so the connection count leaves them out. */
export const BENCH_APPLICATION_NAME = 'partnerbot-scale-bench';

export interface SeededDatabase {
  handle: DatabaseHandle;
  cipher: TokenCipher;
  /** Connection id per team id. */
  connectionIds: Map<string, number>;
}

/** The bench's own pool on the run's database (a few sessions, named). */
export function openBenchPool(url: string): DatabaseHandle {
  const named = new URL(url);
  named.searchParams.set('application_name', BENCH_APPLICATION_NAME);
  return openServer(named.toString(), {}, 4);
}

/** What Bolt's InstallProvider stores after oauth.v2.access + auth.test (the fake Slack's bot ids). */
function installationOf(ws: ScaleWorkspace): Installation<'v2', false> {
  return {
    team: { id: ws.teamId, name: `Scale ${ws.teamId}` },
    enterprise: undefined,
    user: { id: 'U00000001', token: undefined, scopes: undefined },
    bot: { token: ws.botToken, scopes: ['chat:write', 'chat:write.public', 'channels:read', 'commands'], id: FAKE_BOT_ID, userId: FAKE_BOT_USER_ID },
    appId: FAKE_APP_ID,
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

/** Installs the app in the workspace and connects its organization, as the OAuth flow and the connect modal do. */
export async function connectWorkspace(db: Kysely<Database>, cipher: TokenCipher, ws: ScaleWorkspace, now: Date): Promise<number> {
  await createInstallationStore(db, cipher).storeInstallation(installationOf(ws));
  const connection = await db.transaction().execute((trx) =>
    saveConnection(trx, cipher, {
      workspaceId: ws.teamId, organizationId: ws.orgId, token: ws.partnerToken, connectedByUserId: 'U00000001', timeZone: 'UTC',
      alertsChannelId: ws.channelId, digestChannelId: null, digestWeekday: 1, digestHour: 9,
      apps: ws.appIds.map((appId) => ({ appId, name: `App ${appId}` })),
    }, now),
  );
  return connection.id;
}

/** Migrates the run's empty database and connects every steady workspace. */
export async function seedDatabase(url: string, encryptionKey: string, workspaces: ScaleWorkspace[]): Promise<SeededDatabase> {
  const handle = openBenchPool(url);
  await migrateToLatest(handle.db);
  const cipher = createTokenCipher(Buffer.from(encryptionKey, 'base64'));
  const connectionIds = new Map<string, number>();
  const now = new Date();
  for (let i = 0; i < workspaces.length; i += 4) {
    await Promise.all(workspaces.slice(i, i + 4).map(async (ws) => connectionIds.set(ws.teamId, await connectWorkspace(handle.db, cipher, ws, now))));
  }
  return { handle, cipher, connectionIds };
}

/** Connections whose every tracked stream has finished its history import. */
export async function countImported(db: Kysely<Database>, workspaces: ScaleWorkspace[], connectionIds: Map<string, number>): Promise<number> {
  let done = 0;
  for (let i = 0; i < workspaces.length; i += 3) {
    const batch = await Promise.all(
      workspaces.slice(i, i + 3).map(async (ws) => {
        const rows = await listImportProgress(db, connectionIds.get(ws.teamId)!);
        return rows.length === ws.appIds.length * 2 && rows.every((r) => r.backfillComplete);
      }),
    );
    done += batch.filter(Boolean).length;
  }
  return done;
}

export async function waitUntilImported(db: Kysely<Database>, workspaces: ScaleWorkspace[], connectionIds: Map<string, number>, timeoutMs: number, onProgress: (done: number) => void): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await countImported(db, workspaces, connectionIds);
    onProgress(done);
    if (done === workspaces.length) return done;
    if (Date.now() > deadline) throw new Error(`history import incomplete after ${timeoutMs / 1000} s: ${done} of ${workspaces.length} connections`);
    await new Promise((r) => setTimeout(r, 3000));
  }
}
