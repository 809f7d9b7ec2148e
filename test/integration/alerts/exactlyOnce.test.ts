import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimBatch } from '../../../src/alerts/claimBatch.ts';
import { alertMetadata } from '../../../src/alerts/verify.ts';
import { claimChannels } from '../../../src/storage/alertChannels.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { FAKE_BOT_TOKEN, startFakeSlack, type FakeSlack, type HistoryMessage } from '../../helpers/fakeSlack.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ALERTS_CHANNEL, createAlertHarness, secondsAgo, type AlertHarness } from './alertHarness.ts';

/**
 * conversations.history answered from what the fake accepted, metadata, bot_id and app_id included (like
 * Slack with include_all_metadata), newest first, plus `others`: messages someone else posted.
 */
function serveHistory(fake: FakeSlack, others: HistoryMessage[] = []): void {
  fake.script('conversations.history', ({ args }) => ({
    messages: fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === args.channel && c.response.ok === true)
      .reverse()
      .map((c): HistoryMessage => {
        const { ts, message } = c.response as { ts: string; message: { bot_id?: string; app_id?: string } };
        return { type: 'message', ts, text: c.args.text, metadata: c.args.metadata, bot_id: message.bot_id, app_id: message.app_id };
      })
      .concat(others)
      .sort((a, b) => Number(b.ts) - Number(a.ts)),
    has_more: false,
  }));
}

describe.each(testBackends())('alerts exactly once on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let h: AlertHarness;
  /** Messages someone else put in the channels' history. */
  let others: HistoryMessage[];
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack();
    others = [];
    serveHistory(fake, others);
    h = await createAlertHarness(database, fake);
    await h.queue([1, 2, 3].map((n) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${n}`, occurredAt: secondsAgo(10 - n) })));
  });
  afterEach(async () => {
    await fake.stop();
    await database.close();
  });

  /** A process that claims the channel and its alerts, then dies (its leases run out). */
  async function claimAndDie(): Promise<number[]> {
    const [channel] = await claimChannels(database.db, 'dead-process', new Date(), 1, 10);
    const batch = await claimBatch(database.db, channel!, { owner: 'dead-process', now: new Date(), leaseMs: 1, limit: 10, holdGraceMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return batch!.map((a) => a.id);
  }

  it('when a process dies between claiming and sending, then a restart delivers each alert exactly once', async () => {
    const claimed = await claimAndDie();
    expect(claimed).toHaveLength(3);
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1])).toEqual(['1', '2', '3']);
    expect((await h.outbox()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('when a process dies after Slack accepted an alert but before recording it, then the restart finds it in the channel and does not post it again', async () => {
    const [first] = await claimAndDie();
    // What the dead process managed to do: Slack has the first alert, our database does not know.
    const accepted = await new WebClient(FAKE_BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }).chat.postMessage({
      channel: ALERTS_CHANNEL, text: 'New install: Shop number 1', metadata: alertMetadata([first!]),
    });
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1])).toEqual(['1', '2', '3']);
    const rows = await h.outbox();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows[0]!.slack_ts).toBe(accepted.ts);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });

  it('when another app or a user posted a message with forged alert metadata naming an unconfirmed alert, then the restart still posts that alert', async () => {
    const [first, second] = await claimAndDie();
    others.push(
      { type: 'message', ts: '1699999990.000001', text: 'New install: Shop number 1', metadata: alertMetadata([first!]), bot_id: 'B0OTHERAPP', app_id: 'A0OTHERAPP' },
      { type: 'message', ts: '1699999990.000002', text: 'New install: Shop number 2', metadata: alertMetadata([second!]), user: 'U0MALLORY' },
    );
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1])).toEqual(['1', '2', '3']);
    const rows = await h.outbox();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.map((r) => r.slack_ts)).toEqual(h.posted().map((c) => (c.response as { ts: string }).ts));
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });

  it('when two workers run at once, then every alert is posted once and in order', async () => {
    await h.queue(Array.from({ length: 6 }, (_, i) => ({ type: 'RELATIONSHIP_INSTALLED', shopName: `Shop number ${4 + i}`, occurredAt: secondsAgo(6 - i) })));
    const a = h.worker({ owner: 'worker-a' });
    const b = h.worker({ owner: 'worker-b' });
    for (let i = 0; i < 10; i += 1) {
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.idle(), b.idle()]);
    }
    const shops = h.posted().map((c) => Number(String(c.args.text).match(/Shop number (\d+)/)?.[1]));
    expect(shops).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await h.outbox()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('when Slack refuses one alert, then the others still go out and the refused one is retried later, once', async () => {
    fake.script('chat.postMessage', [{ ok: false, error: 'msg_too_long' }]);
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1])).toEqual(['2', '3']);
    h.advance(31_000);
    await h.drain(h.worker());
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).match(/Shop number (\d)/)?.[1])).toEqual(['2', '3', '1']);
  });
});
