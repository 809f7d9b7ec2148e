import type { AppEvent } from '../../../src/domain/appEvent.ts';
import type { AppTransaction } from '../../../src/domain/transaction.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { toStoredInstant } from '../../../src/storage/typeParsers.ts';
import { ingestEvents, ingestTransactions } from '../../../src/sync/ingest.ts';
import { createConnection } from '../../helpers/figureData.ts';
import type { FakeSlack } from '../../helpers/fakeSlack.ts';
import { sendSlashCommand, type SlashCommandFields } from '../../helpers/slackRequests.ts';
import { TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { APP } from '../../unit/metrics/fixtures.ts';

export const DAY = 86_400_000;
/** An instant `days` before now, as the Partner API writes it. */
export const daysAgo = (days: number, now = Date.now()): string => new Date(now - days * DAY).toISOString();

/**
 * Connects workspace `workspaceId` (UTC) with one tracked app, "Test App" (the fixtures' APP), and
 * stores a hand-written history one record per transaction, newest first, as a history import does.
 */
export async function storeHandBuiltHistory(database: DatabaseHandle, workspaceId: string, events: AppEvent[], transactions: AppTransaction[] = []): Promise<number> {
  const db = database.db;
  const connectionId = await createConnection(db, workspaceId);
  await db.insertInto('tracked_apps').values({ connection_id: connectionId, app_id: APP, name: 'Test App' }).execute();
  const records = [
    ...events.map((event) => ({ at: toStoredInstant(event.occurredAt), event, transaction: null })),
    ...transactions.map((transaction) => ({ at: toStoredInstant(transaction.createdAt), event: null, transaction })),
  ].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
  for (const r of records) {
    await db.transaction().execute(async (trx) => {
      if (r.event) await ingestEvents(trx, [{ event: r.event, raw: {} }], { connectionId, source: 'backfill', alerts: null });
      if (r.transaction) await ingestTransactions(trx, connectionId, [{ transaction: r.transaction, raw: {} }]);
    });
  }
  return connectionId;
}

export interface CommandReply {
  text: string;
  blocks: unknown[];
  response_type: string;
}

/** Sends `/partner <text>` signed and waits for the replies on its response_url (the last one wins for `wait`). */
export async function askPartner(bot: TestBot, fake: FakeSlack, text: string, fields: Partial<SlashCommandFields> = {}, replies = 1): Promise<CommandReply[]> {
  const id = `${text}-${Math.random()}`;
  const response = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, response_url: fake.responseUrl(id), ...fields });
  if (response.status !== 200) throw new Error(`/partner ${text}: HTTP ${response.status}`);
  for (let i = 0; i < 500; i++) {
    const answers = fake.responsesTo(id);
    if (answers.length >= replies) return answers as never;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no answer to /partner ${text}`);
}

/** The text and blocks of a reply, for `toContain` checks on what a user reads. */
export const readable = (m: CommandReply): string => `${m.text}\n${JSON.stringify(m.blocks)}`;
