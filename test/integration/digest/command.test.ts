import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, FAKE_USER_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { sendSlashCommand } from '../../helpers/slackRequests.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase } from '../../helpers/testDatabase.ts';
import { createWorkspace, digestPosts } from './digestHarness.ts';

describe('/partner digest through Bolt', () => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let bot: TestBot;
  beforeEach(async () => {
    database = await openTestDatabase('embedded');
    // `digest now` is an admin action (src/slack/permissions/adminActions.ts).
    fake = await startFakeSlack({ users: { [FAKE_USER_ID]: { is_admin: true } } });
    bot = await startTestBot(fake, database);
  });
  afterEach(async () => {
    await bot.stop();
    await fake.stop();
    await database.close();
  });

  const command = async (text: string) => {
    const responseUrl = fake.responseUrl();
    const res = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { text, response_url: responseUrl });
    expect(res.status).toBe(200);
    for (let i = 0; i < 200 && fake.responsesTo(responseUrl).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    return fake.responsesTo(responseUrl)[0] as { text: string; response_type: string };
  };

  it('when a user types /partner digest now, then the digest is posted in the digest channel and the user is told where', async () => {
    await createWorkspace(database.db, { workspaceId: FAKE_TEAM_ID, timeZone: 'Europe/Berlin', channelId: 'CDIGEST' });
    const reply = await command('digest now');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/^Posted the digest for .* in <#CDIGEST>/);
    const posts = digestPosts(fake);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe('CDIGEST');
    expect(posts[0]!.token).toBe(FAKE_BOT_TOKEN);
    fake.expectNoViolations();
  });

  it('when digest now is typed again within 5 minutes, then it is refused saying when it can be used again and nothing more is posted', async () => {
    await createWorkspace(database.db, { workspaceId: FAKE_TEAM_ID, timeZone: 'Europe/Berlin', channelId: 'CDIGEST' });
    expect((await command('digest now')).text).toMatch(/^Posted the digest/);
    const again = await command('digest now');
    expect(again.response_type).toBe('ephemeral');
    expect(again.text).toBe('The weekly digest was posted on demand in the last 5 minutes. `/partner digest now weekly` can be used again in 5 minutes.');
    expect(digestPosts(fake)).toHaveLength(1);
    expect((await command('digest')).text).toContain('every'); // the schedule is still explained
  });

  it('when a user types /partner digest, then the schedule is explained and nothing is posted', async () => {
    await createWorkspace(database.db, { workspaceId: FAKE_TEAM_ID, timeZone: 'America/New_York', weekday: 3, hour: 14, channelId: 'CDIGEST' });
    const reply = await command('digest');
    expect(reply.text).toContain('every Wednesday at 14:00 (America/New_York)');
    expect(reply.text).toContain('<#CDIGEST>');
    expect(digestPosts(fake)).toHaveLength(0);
  });

  it('when the workspace is not connected, then digest now says how to connect, each time it is typed', async () => {
    const reply = await command('digest now');
    expect(reply.text).toContain('/partner connect');
    expect((await command('digest now')).text).toContain('/partner connect');
    expect(digestPosts(fake)).toHaveLength(0);
  });
});
