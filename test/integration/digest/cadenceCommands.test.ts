import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDigestTargets } from '../../../src/storage/digestTargets.ts';
import { FAKE_TEAM_ID, FAKE_USER_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { sendSlashCommand } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends, type TestDatabase } from '../../helpers/testDatabase.ts';
import { createWorkspace, digestPosts } from './digestHarness.ts';

const MEMBER_ID = 'U0MEMBER01';
type Payload = { event_payload: { cadence: string; kind: string; week_start: string } };

describe.each(testBackends())('/partner digest cadence commands through Bolt on %s', (backend) => {
  let database: TestDatabase;
  let fake: FakeSlack;
  let bot: TestBot;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    // Setting a cadence and `digest now` are admin actions; MEMBER_ID is an ordinary member.
    fake = await startFakeSlack({ users: { [FAKE_USER_ID]: { is_admin: true }, [MEMBER_ID]: {} } });
    bot = await startTestBot(fake, database);
    await createWorkspace(database.db, { workspaceId: FAKE_TEAM_ID, timeZone: 'Europe/Berlin', channelId: 'CDIGEST' });
  });
  afterEach(async () => {
    await bot.stop();
    await fake.stop();
    await database.close();
  });

  const command = async (text: string, userId = FAKE_USER_ID) => {
    const responseUrl = fake.responseUrl();
    const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, response_url: responseUrl, user_id: userId });
    expect(res.status).toBe(200);
    for (let i = 0; i < 200 && fake.responsesTo(responseUrl).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    return fake.responsesTo(responseUrl)[0] as { text: string; response_type: string };
  };
  const summaries = async () => (await listDigestTargets(database.db, FAKE_TEAM_ID))[0]!.summaries;

  it('when an admin turns daily on with a channel and an hour, then it is stored and /partner digest lists it', async () => {
    fake.setChannel('C0DAILY01', { name: 'daily', is_member: true });
    const reply = await command('digest daily on <#C0DAILY01|daily> at 7');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/^Done\. \*Daily summary\*: on, to <#C0DAILY01> every day at 07:00 \(Europe\/Berlin\)/);
    const daily = (await summaries()).daily;
    expect(daily).toMatchObject({ on: true, channelId: 'C0DAILY01', ownChannelId: 'C0DAILY01', hour: 7 });
    const listed = await command('digest');
    expect(listed.text).toContain('*Daily summary*: on, to <#C0DAILY01> every day at 07:00 (Europe/Berlin)');
    expect(listed.text).toContain('*Weekly digest*: on, to <#CDIGEST>');
    expect(listed.text).toContain('*Monthly summary*: off.');
    expect(digestPosts(fake)).toHaveLength(0);
  });

  it('when an admin turns monthly off, then it is off and /partner digest says so', async () => {
    expect((await command('digest monthly on')).text).toMatch(/^Done\. \*Monthly summary\*: on, to <#CDIGEST> on the 1st at/);
    expect((await summaries()).monthly.on).toBe(true);
    const reply = await command('digest monthly off');
    expect(reply.text).toBe('Done. *Monthly summary*: off.');
    expect((await summaries()).monthly.on).toBe(false);
    expect((await command('digest')).text).toContain('*Monthly summary*: off.');
  });

  it('when a member who is not an admin sets a cadence or asks for one now, then it is refused and nothing changes or is posted', async () => {
    fake.setChannel('C0DAILY01', { name: 'daily', is_member: true });
    const before = await summaries();
    for (const text of ['digest daily on <#C0DAILY01|daily> at 7', 'digest weekly off', 'digest now monthly']) {
      const reply = await command(text, MEMBER_ID);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toMatch(/admin/i);
      expect(reply.text).not.toMatch(/^Done|^Posted/);
    }
    expect(await summaries()).toEqual(before);
    expect(digestPosts(fake)).toHaveLength(0);
    expect(fake.callsTo('conversations.join')).toHaveLength(0);
  });

  it('when the channel is private and partnerbot is not in it, then it is refused with the /invite message and nothing changes', async () => {
    fake.setChannel('C0PRIV001', { name: 'secret', is_private: true, is_member: false });
    const reply = await command('digest daily on <#C0PRIV001|secret>');
    expect(reply.text).toBe('<#C0PRIV001> is a private channel partnerbot is not in: /invite @partnerbot to <#C0PRIV001> first.');
    expect((await summaries()).daily).toMatchObject({ on: false, ownChannelId: null });
    expect(fake.callsTo('conversations.join')).toHaveLength(0);
  });

  it('when the channel is public and partnerbot is not in it, then it is joined and the cadence set', async () => {
    fake.setChannel('C0PUB0001', { name: 'numbers', is_private: false, is_member: false });
    const reply = await command('digest monthly on <#C0PUB0001|numbers> at 10');
    expect(reply.text).toMatch(/^Done\. \*Monthly summary\*: on, to <#C0PUB0001> on the 1st at 10:00/);
    expect(fake.callsTo('conversations.join').map((c) => c.args.channel)).toEqual(['C0PUB0001']);
    expect((await summaries()).monthly).toMatchObject({ on: true, channelId: 'C0PUB0001', hour: 10 });
  });

  it.each([
    ['daily', 'Daily summary'],
    ['monthly', 'Monthly summary'],
  ] as const)('when an admin types digest now %s, then that summary is posted in its own channel, named by its text and metadata', async (cadence, title) => {
    fake.setChannel(`C0${cadence.toUpperCase()}`, { name: cadence, is_member: true });
    expect((await command(`digest ${cadence} on <#C0${cadence.toUpperCase()}|${cadence}>`)).text).toMatch(/^Done\./);
    const reply = await command(`digest now ${cadence}`);
    expect(reply.text).toMatch(new RegExp(`^Posted the ${cadence} summary for .* in <#C0${cadence.toUpperCase()}>`));
    const posts = digestPosts(fake);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe(`C0${cadence.toUpperCase()}`);
    expect((posts[0]!.args.metadata as Payload).event_payload).toMatchObject({ cadence, kind: 'on_demand' });
    expect(String(posts[0]!.args.text)).toContain(title);
    // On demand: the period's scheduled slot is not used.
    expect(await database.db.selectFrom('digests_sent').selectAll().execute()).toHaveLength(0);
    fake.expectNoViolations();
  });

  it.each([
    ['digest hourly on', '`hourly on` is not a digest option'],
    ['digest daily on soon', '`daily on soon` is not a digest option'],
    ['digest now yearly', '`now yearly` is not a digest option'],
  ])('when an admin types %s, then the reply names what was typed and the valid forms, and nothing changes', async (text, expected) => {
    const before = await summaries();
    const reply = await command(text);
    expect(reply.text).toContain(expected);
    expect(reply.text).toContain('`/partner digest daily|weekly|monthly on|off [#channel] [at HH]`');
    expect(await summaries()).toEqual(before);
    expect(digestPosts(fake)).toHaveLength(0);
  });

  it.each([
    ['digest daily on at 25', '`daily on at 25`: The hour after `at` is a whole hour from 0 to 23'],
    ['digest daily on at 9:30', '`daily on at 9:30`: The hour after `at` is a whole hour from 0 to 23'],
    ['digest weekly on skip-empty', '`weekly on skip-empty`: `skip-empty` is for the daily summary only'],
  ])('when an admin types %s, then the reply says exactly what is wrong, and nothing changes', async (text, expected) => {
    const before = await summaries();
    const reply = await command(text);
    expect(reply.text.startsWith(expected)).toBe(true);
    expect(await summaries()).toEqual(before);
  });

  it('when an admin chooses skip-empty for the daily summary, then it is stored, listed, and post-empty undoes it', async () => {
    const reply = await command('digest daily on skip-empty');
    expect(reply.text).toContain('yesterday in a few lines, skipped on a day when nothing happened.');
    expect((await summaries()).daily).toMatchObject({ on: true, skipEmpty: true });
    expect((await command('digest')).text).toContain('skipped on a day when nothing happened');
    await command('digest daily on post-empty');
    expect((await summaries()).daily).toMatchObject({ on: true, skipEmpty: false });
  });

  it('when the daily summary was just posted on demand, then the monthly one can still be, but the daily one waits its turn', async () => {
    expect((await command('digest daily on')).text).toMatch(/^Done\./);
    expect((await command('digest monthly on')).text).toMatch(/^Done\./);
    expect((await command('digest now daily')).text).toMatch(/^Posted the daily summary/);
    expect((await command('digest now monthly')).text).toMatch(/^Posted the monthly summary/);
    const again = await command('digest now daily');
    expect(again.text).toBe('The daily summary was posted on demand in the last 5 minutes. `/partner digest now daily` can be used again in 5 minutes.');
    expect(digestPosts(fake)).toHaveLength(2);
  });
});
