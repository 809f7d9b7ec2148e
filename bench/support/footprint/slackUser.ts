import { CONNECT_CALLBACK_ID } from '../../../src/slack/connect/connectForm.ts';
import type { FakeSlack } from '../../../test/helpers/fakeSlack.ts';
import { stateValues } from '../../../test/integration/connect/connectHarness.ts';
import { sendInteraction, sendSlashCommand, viewSubmissionPayload } from '../../../test/helpers/slackRequests.ts';
import { ADMIN_USER, APP_NUMBERS, ORGANIZATION, PARTNER_TOKEN } from './partnerWorld.ts';

/** What a Slack user does to the bot over HTTP, signed like Slack signs it. */
export const SIGNING_SECRET = 'footprint-bench-signing-secret';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sequence = 0;

/**
 * The admin submits the connect modal (as the integration tests do): Bolt acks with a "Checking…"
 * view, the bot checks the token against the Partner API, saves, and updates the modal.
 */
export async function connectWorkspace(baseUrl: string, fake: FakeSlack): Promise<void> {
  const viewId = `VFOOTPRINT${++sequence}`;
  const values = stateValues({ org: ORGANIZATION, token: PARTNER_TOKEN, apps: APP_NUMBERS.join('\n'), digest: null });
  const payload = viewSubmissionPayload(
    { callback_id: CONNECT_CALLBACK_ID, id: viewId, values: values as never, private_metadata: JSON.stringify({ mode: 'connect' }) },
    { user_id: ADMIN_USER },
  );
  const response = await sendInteraction(baseUrl, SIGNING_SECRET, payload);
  if (response.status !== 200) throw new Error(`connect submission: HTTP ${response.status} ${response.text.slice(0, 200)}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const update = fake.callsTo('views.update').find((call) => call.args.view_id === viewId);
    if (update) {
      const view = JSON.stringify(update.args.view);
      if (!view.includes('Connected to Partner organization')) throw new Error(`connect did not succeed: ${view.slice(0, 400)}`);
      return;
    }
    if (Date.now() > deadline) throw new Error('the connect modal was not updated within 60 s');
    await sleep(20);
  }
}

export interface CommandResult {
  ms: number;
  ok: boolean;
  text: string;
}

/** `/partner <text>`, timed from the signed request to the answer's arrival at the response_url. */
export async function timeCommand(baseUrl: string, fake: FakeSlack, text: string, timeoutMs = 30_000): Promise<CommandResult> {
  const id = `footprint-${++sequence}`;
  const started = performance.now();
  const response = await sendSlashCommand(baseUrl, SIGNING_SECRET, { text, response_url: fake.responseUrl(id) });
  if (response.status !== 200) return { ms: performance.now() - started, ok: false, text: `HTTP ${response.status}` };
  for (;;) {
    const [answer] = fake.responsesTo(id);
    if (answer) {
      const ms = performance.now() - started;
      const body = String(answer.text ?? '');
      // A failure answer ("Sorry, that did not work…") arrives as fast as a figure but is no figure.
      const ok = text === 'status' || (Array.isArray(answer.blocks) && !body.startsWith('Sorry'));
      return { ms, ok, text: body };
    }
    if (performance.now() - started > timeoutMs) return { ms: performance.now() - started, ok: false, text: 'no answer' };
    await sleep(2);
  }
}

export interface ImportStatus {
  complete: boolean;
  records: number | null;
  text: string;
}

/** `/partner status` as a user reads it: "Partner organization 1: Connected. 15012 records imported." */
export async function readStatus(baseUrl: string, fake: FakeSlack): Promise<ImportStatus> {
  const { text } = await timeCommand(baseUrl, fake, 'status');
  const records = /(\d+) records imported/.exec(text)?.[1];
  return { complete: /: Connected\./.test(text), records: records === undefined ? null : Number(records), text };
}
