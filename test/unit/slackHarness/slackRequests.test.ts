import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_TOKEN, FAKE_USER_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import {
  blockActionsPayload,
  eventCallback,
  sendEvent,
  sendInteraction,
  sendSlashCommand,
  sendUrlVerification,
  signSlackRequest,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../../helpers/slackRequests.ts';

const secret = 'test-signing-secret';

describe('signSlackRequest', () => {
  const verify = (body: string, headers: Record<string, string>) =>
    verifySlackRequest({
      signingSecret: secret,
      body,
      headers: {
        'x-slack-signature': headers['x-slack-signature'] ?? '',
        'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
      },
    });

  it("when signed now then Bolt's own verification accepts it", () => {
    const body = 'command=%2Fpartner&text=mrr';
    expect(() => verify(body, signSlackRequest(secret, body))).not.toThrow();
  });

  it('when the timestamp is over 5 minutes old then verification fails', () => {
    const body = 'command=%2Fpartner&text=mrr';
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(() => verify(body, signSlackRequest(secret, body, stale))).toThrow(/stale/);
  });

  it('when the body or secret differ then verification fails', () => {
    expect(() => verify('text=churn', signSlackRequest(secret, 'text=mrr'))).toThrow(/signature mismatch/);
    expect(() => verify('text=mrr', signSlackRequest('other', 'text=mrr'))).toThrow(/signature mismatch/);
  });
});

describe("signed requests into Bolt's HTTPReceiver", () => {
  let fake: FakeSlack;
  let app: App;
  let baseUrl: string;
  const seen: string[] = [];

  beforeEach(async () => {
    seen.length = 0;
    fake = await startFakeSlack();
    app = new App({
      token: FAKE_BOT_TOKEN,
      signingSecret: secret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/partner', async ({ ack, command, respond }) => {
      await ack();
      seen.push(`command:${command.text}:${command.user_id}`);
      await respond({ text: `You asked for ${command.text}` });
    });
    app.action('connect', async ({ ack, body }) => {
      await ack();
      seen.push(`action:${body.type}`);
    });
    app.view('connect_modal', async ({ ack, view }) => {
      await ack({ response_action: 'errors', errors: { org: `bad ${view.state.values.org?.org_id?.value}` } });
    });
    app.view({ callback_id: 'connect_modal', type: 'view_closed' }, async ({ ack }) => {
      await ack();
      seen.push('closed');
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await app.stop();
    await fake.stop();
  });

  it('when a slash command is sent then Bolt acks and the handler responds to the response_url', async () => {
    const responseUrl = fake.responseUrl();
    const res = await sendSlashCommand(baseUrl, secret, { text: 'mrr', response_url: responseUrl });

    expect(res.status).toBe(200);
    await expect.poll(() => fake.responsesTo(responseUrl)).toEqual([{ text: 'You asked for mrr' }]);
    expect(seen).toEqual([`command:mrr:${FAKE_USER_ID}`]);
    fake.expectNoViolations();
  });

  it('when the timestamp is stale or the signature is bad then Bolt answers 401 and runs nothing', async () => {
    expect((await sendSlashCommand(baseUrl, secret, { text: 'mrr' }, { stale: true })).status).toBe(401);
    expect((await sendSlashCommand(baseUrl, secret, { text: 'mrr' }, { badSignature: true })).status).toBe(401);
    expect((await sendSlashCommand(baseUrl, 'wrong-secret', { text: 'mrr' })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('when a button is clicked then the block_actions handler runs', async () => {
    const res = await sendInteraction(baseUrl, secret, blockActionsPayload({ action_id: 'connect', value: 'x' }));
    expect(res.status).toBe(200);
    await expect.poll(() => seen).toEqual(['action:block_actions']);
  });

  it('when a modal is submitted then the ack body comes back in the HTTP response', async () => {
    const payload = viewSubmissionPayload({
      callback_id: 'connect_modal',
      values: { org: { org_id: { type: 'plain_text_input', value: 'abc' } } },
    });
    const res = await sendInteraction(baseUrl, secret, payload);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_action: 'errors', errors: { org: 'bad abc' } });

    expect((await sendInteraction(baseUrl, secret, viewClosedPayload({ callback_id: 'connect_modal' }))).status).toBe(200);
    await expect.poll(() => seen).toEqual(['closed']);
  });

  it('when url_verification arrives then Bolt echoes the challenge', async () => {
    const res = await sendUrlVerification(baseUrl, secret, 'challenge-123');
    expect(res).toMatchObject({ status: 200, body: { challenge: 'challenge-123' } });
  });

  it('when an event arrives then the handler calls the fake Slack', async () => {
    const res = await sendEvent(baseUrl, secret, eventCallback({ type: 'app_home_opened', user: 'U42', channel: 'D42', tab: 'home' }));
    expect(res.status).toBe(200);
    const [publish] = await fake.waitForCalls('views.publish');
    expect(publish?.args).toMatchObject({ user_id: 'U42', view: { type: 'home' } });
  });
});
