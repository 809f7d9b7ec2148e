import { ErrorCode, WebClient, WebClientEvent, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('fakeSlack', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFakeSlack({ users: { UADMIN: { is_admin: true, tz: 'Europe/Paris' } } });
    client = new WebClient(FAKE_BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('when a message is posted then the call is recorded with parsed blocks and the token', async () => {
    const first = await client.chat.postMessage({ channel: 'C123', text: 'fallback', blocks: [section('*MRR* $1,234.00')] });
    const second = await client.chat.postMessage({ channel: 'C123', text: 'again' });

    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(first.ok).toBe(true);
    expect(first.channel).toBe('C123');
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    const [call] = fake.callsTo('chat.postMessage');
    expect(call).toMatchObject({
      method: 'chat.postMessage',
      token: FAKE_BOT_TOKEN,
      contentType: 'application/x-www-form-urlencoded',
      args: { channel: 'C123', text: 'fallback', blocks: [section('*MRR* $1,234.00')] },
    });
    fake.expectNoViolations();
  });

  it('when an error is scripted then it surfaces as a platform error with data.error', async () => {
    fake.script('chat.postMessage', [{ ok: false, error: 'not_in_channel' }]);

    const error = (await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe('not_in_channel');

    // An array of answers is used up one per call; then the default answers again.
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo('chat.postMessage').map((c) => c.response.ok)).toEqual([false, true]);
  });

  it('when a single answer is scripted then every call gets it until reset', async () => {
    fake.script('conversations.info', { ok: false, error: 'channel_not_found' });
    for (let i = 0; i < 2; i += 1) {
      await expect(client.conversations.info({ channel: 'C9' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    }
    fake.reset();
    expect(fake.calls).toEqual([]);
    await expect(client.conversations.info({ channel: 'C9' })).resolves.toMatchObject({ channel: { id: 'C9', is_archived: false } });
  });

  it('when a method is rate limited then the 429 carries Retry-After', async () => {
    fake.rateLimit('chat.postMessage', 7);
    const strict = new WebClient(FAKE_BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const seen: number[] = [];
    strict.on(WebClientEvent.RATE_LIMITED, (seconds: number) => seen.push(seconds));

    const error = (await strict.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    expect(seen).toEqual([7]);
    expect(fake.callsTo('chat.postMessage')[0]?.status).toBe(429);
    // `times` defaults to 1: the next call goes through.
    await expect(strict.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('when a message breaks a Block Kit limit then it is rejected and recorded as a violation', async () => {
    const blocks = Array.from({ length: 51 }, () => section('row'));

    const error = (await client.chat.postMessage({ channel: 'C1', text: 'x', blocks }).catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data).toMatchObject({ errors: [expect.stringContaining('[json-pointer:/blocks]')] });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]?.method).toBe('chat.postMessage');
    expect(() => fake.expectNoViolations()).toThrow(/1 Block Kit violation/);
  });

  it('when blocks are sent without a text fallback then it is a violation', async () => {
    await expect(client.chat.update({ channel: 'C1', ts: '1.2', blocks: [section('x')] })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(fake.violations[0]?.errors[0]).toContain('text fallback');
  });

  it('when a modal breaks a limit then views.open is rejected; a valid one returns a view id', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Connect partnerbot to Shopify' }, blocks: [] };
    await expect(client.views.open({ trigger_id: 't', view })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });

    const opened = await client.views.open({ trigger_id: 't', view: { ...view, title: { type: 'plain_text', text: 'Connect' } } });
    expect(opened.view?.id).toMatch(/^V/);
    const updated = await client.views.update({ view_id: opened.view!.id!, view: { ...view, title: { type: 'plain_text', text: 'Checking...' } } });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(fake.violations.map((v) => v.method)).toEqual(['views.open']);
  });

  it('files.uploadV2 completes end to end', async () => {
    const result = await client.filesUploadV2({ channel_id: 'C1', filename: 'mrr.png', file: Buffer.from('PNGDATA'), title: 'MRR' });

    expect(result.ok).toBe(true);
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(fake.uploads).toEqual([{ fileId: expect.stringMatching(/^F/), filename: 'mrr.png', length: 7, data: Buffer.from('PNGDATA'), completed: true }]);
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({
      channel_id: 'C1',
      files: [{ id: fake.uploads[0]?.fileId, title: 'MRR' }],
    });
  });

  it('answers like Slack for users, DMs, joins, auth and OAuth', async () => {
    const admin = await client.users.info({ user: 'UADMIN' });
    expect(admin.user).toMatchObject({ id: 'UADMIN', is_admin: true, is_owner: false, tz: 'Europe/Paris' });
    expect((await client.users.info({ user: 'UOTHER' })).user).toMatchObject({ is_admin: false, tz: 'UTC', tz_offset: 0 });

    expect((await client.conversations.open({ users: 'UADMIN' })).channel?.id).toBe('DADMIN');
    await client.conversations.join({ channel: 'C5' });
    expect((await client.conversations.info({ channel: 'C5' })).channel?.is_member).toBe(true);

    fake.setChannel('CARCH', { is_archived: true });
    await expect(client.chat.postMessage({ channel: 'CARCH', text: 'x' })).rejects.toMatchObject({ data: { error: 'is_archived' } });

    expect(await client.auth.test()).toMatchObject({ team_id: FAKE_TEAM_ID, is_enterprise_install: false });

    fake.setOAuth({ teamId: 'T2', botToken: 'xoxb-t2', botId: 'B2' });
    const noToken = new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const access = await noToken.oauth.v2.access({ client_id: 'id', client_secret: 'secret', code: 'abc' });
    expect(access).toMatchObject({ access_token: 'xoxb-t2', team: { id: 'T2' }, enterprise: null, is_enterprise_install: false });
    expect(await client.auth.test({ token: 'xoxb-t2' })).toMatchObject({ team_id: 'T2', bot_id: 'B2' });
  });

  it('when a token is missing or revoked then calls fail like Slack', async () => {
    const noToken = new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(noToken.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ data: { error: 'not_authed' } });

    await client.apps.uninstall({ client_id: 'id', client_secret: 'secret' });
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });

    fake.revokeToken('xoxb-other', 'invalid_auth');
    await expect(client.auth.test({ token: 'xoxb-other' })).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('when a method is unknown then it answers unknown_method and records the call', async () => {
    await expect(client.apiCall('made.up')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(fake.callsTo('made.up')).toHaveLength(1);
  });

  it('response_url posts are recorded, checked, and limited to 5 uses', async () => {
    const url = fake.responseUrl();
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await post({ text: 'MRR is $1.00', response_type: 'ephemeral' })).status).toBe(200);
    expect((await post({ blocks: [section('no fallback')] })).status).toBe(400);
    expect(fake.violations[0]?.method).toBe('response_url');
    for (let i = 0; i < 3; i += 1) await post({ text: `n${i}` });
    expect((await post({ text: 'sixth' })).status).toBe(404);

    expect(fake.responsesTo(url).map((b) => b.text)).toEqual(['MRR is $1.00', 'n0', 'n1', 'n2']);
  });

  it('waitForCalls resolves once the calls arrive and times out otherwise', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'C1', text: 'later' }), 20);
    await expect(fake.waitForCalls('chat.postMessage')).resolves.toHaveLength(1);
    await expect(fake.waitForCalls('views.publish', 1, 50)).rejects.toThrow(/views.publish/);
  });
});
