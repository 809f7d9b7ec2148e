import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { FAKE_CHANNEL_ID, FAKE_USER_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { startTestBot, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ev, tx } from '../../unit/metrics/fixtures.ts';
import { askPartner, daysAgo, readable, storeHandBuiltHistory } from './handBuiltWorkspace.ts';

const TEAM = 'T1';
const PRIVATE_CHANNEL = 'G0PRIVATE';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Two paying shops (MRR $68 now), revenue 20 and 5 days ago, an install and an uninstall in the last week. */
const events = () => [
  ev('INSTALLED', daysAgo(50), { shop: '1' }),
  ev('ACTIVATED', daysAgo(50), { shop: '1', charge: '11', amount: '49.00' }),
  ev('INSTALLED', daysAgo(10), { shop: '2' }),
  ev('ACTIVATED', daysAgo(9), { shop: '2', charge: '12', amount: '19.00' }),
  ev('INSTALLED', daysAgo(40), { shop: '4' }),
  ev('INSTALLED', daysAgo(3), { shop: '3' }),
  ev('UNINSTALLED', daysAgo(2), { shop: '4' }),
];
const transactions = () => [
  tx('subscription', daysAgo(20), '39.20', { shop: '1', charge: '11', interval: 'EVERY_30_DAYS', gross: '49.00' }),
  tx('subscription', daysAgo(5), '15.20', { shop: '2', charge: '12', interval: 'EVERY_30_DAYS', gross: '19.00' }),
];

describe.each(testBackends())('figure charts on demand on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let bot: TestBot;
  const completed = () => fake.callsTo('files.completeUploadExternal');

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    await storeHandBuiltHistory(database, TEAM, events(), transactions());
    fake = await startFakeSlack({ channels: { [PRIVATE_CHANNEL]: { is_private: true, is_member: false } } });
    bot = await startTestBot(fake, database);
  }, 60_000);
  beforeEach(() => {
    fake.calls.length = 0;
    fake.uploads.length = 0;
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    await database?.close();
  });

  it('when asked for the MRR chart in a public channel, then a PNG goes to that channel and the public answer says so', async () => {
    const [answer] = await askPartner(bot, fake, 'mrr chart', { team_id: TEAM });
    expect(answer!.response_type).toBe('in_channel');
    expect(readable(answer!)).toContain('*$68.00* MRR');
    expect(readable(answer!)).toContain('Chart posted in this channel.');
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]!.data!.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(fake.uploads[0]!.completed).toBe(true);
    expect(completed().map((c) => c.args.channel_id)).toEqual([FAKE_CHANNEL_ID]);
  });

  it('when the command comes from a private channel the bot is not in, then the chart goes to a DM with the user and the answer says so', async () => {
    const [answer] = await askPartner(bot, fake, 'mrr chart', { team_id: TEAM, channel_id: PRIVATE_CHANNEL });
    expect(readable(answer!)).toContain(`Chart sent to <@${FAKE_USER_ID}> in a direct message`);
    expect(fake.callsTo('conversations.open').map((c) => c.args.users)).toEqual([FAKE_USER_ID]);
    const [upload] = completed();
    expect(String(upload!.args.channel_id)).toMatch(/^D/);
    expect(fake.uploads[0]!.data!.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('when asked for revenue over the last 30 days with a chart, then the answer and a PNG chart of it are posted', async () => {
    const [answer] = await askPartner(bot, fake, 'revenue last 30d chart', { team_id: TEAM });
    expect(readable(answer!)).toContain('*$54.40* net');
    expect(readable(answer!)).toContain('Chart posted in this channel.');
    expect(fake.uploads.map((u) => [u.filename, u.data!.subarray(0, 8)])).toEqual([['revenue-chart.png', PNG_SIGNATURE]]);
  });

  it('when a figure without a chart is asked for one, then the user is told which figures have charts and nothing is uploaded', async () => {
    const [answer] = await askPartner(bot, fake, 'churn last 30d chart', { team_id: TEAM });
    expect(answer!.response_type).toBe('ephemeral');
    expect(readable(answer!)).toContain('Charts are drawn for');
    expect(readable(answer!)).not.toContain('no tracked app');
    expect(fake.uploads).toEqual([]);
  });

  it('when asked for installs over the last 7 days with a chart and public, then the chart is posted too', async () => {
    const [answer] = await askPartner(bot, fake, 'installs last 7d chart public', { team_id: TEAM });
    expect(answer!.response_type).toBe('in_channel');
    expect(readable(answer!)).toContain('Chart posted in this channel.');
    expect(fake.uploads.map((u) => u.filename)).toEqual(['installs-chart.png']);
  });

  it('when the window holds nothing to draw, then the answer says there is no chart and nothing is uploaded', async () => {
    const [answer] = await askPartner(bot, fake, 'revenue last 3d chart', { team_id: TEAM });
    expect(answer!.text).toContain('No chart: there is no revenue in this window to draw.');
    expect(fake.callsTo('files.getUploadURLExternal')).toEqual([]);
  });

  it('when Slack refuses the upload, then the answer says so in one line, with no stack trace', async () => {
    fake.script('files.completeUploadExternal', { ok: false, error: 'not_allowed_token_type' });
    try {
      const [answer] = await askPartner(bot, fake, 'installs last 7d chart', { team_id: TEAM });
      expect(answer!.text).toContain('Could not post the chart: Slack refused the upload (`not_allowed_token_type`).');
      expect(answer!.text).not.toMatch(/\n\s+at /);
    } finally {
      fake.unscript('files.completeUploadExternal');
    }
  });

  it('when the command has no chart word, then nothing is uploaded and the answer stays ephemeral', async () => {
    const [answer] = await askPartner(bot, fake, 'installs last 7d', { team_id: TEAM });
    expect(answer!.response_type).toBe('ephemeral');
    expect(fake.uploads).toEqual([]);
  });

  it('then every answer was within Block Kit limits', () => {
    fake.expectNoViolations();
  });
});
