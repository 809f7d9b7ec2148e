/**
 * Signed requests into Bolt's HTTPReceiver, shaped like the ones Slack sends: slash commands and
 * interactions as `application/x-www-form-urlencoded` (exactly: a charset suffix makes Bolt answer 400),
 * events as JSON. `baseUrl` is the receiver's origin; requests go to `path` (default `/slack/events`).
 */
import { createHmac } from 'node:crypto';
import { FAKE_APP_ID, FAKE_CHANNEL_ID, FAKE_TEAM_ID, FAKE_USER_ID } from './fakeSlack.ts';

type Json = Record<string, unknown>;

export interface SignedRequestOptions {
  path?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with a timestamp 6 minutes old (Bolt rejects anything older than 5). */
  stale?: boolean;
  /** Send a signature that does not match the body. */
  badSignature?: boolean;
  headers?: Record<string, string>;
}

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the text ('' when empty). */
  body: unknown;
  text: string;
}

export interface SlashCommandFields {
  command?: string;
  text: string;
  team_id?: string;
  team_domain?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  is_enterprise_install?: 'true' | 'false';
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  api_app_id?: string;
  /** Point it at `fakeSlack.responseUrl()`; the default refuses connections. */
  response_url?: string;
  trigger_id?: string;
  [extra: string]: string | undefined;
}

/** Nothing listens on port 9 locally: a forgotten response_url fails fast instead of reaching Slack. */
const UNROUTED_RESPONSE_URL = 'http://127.0.0.1:9/response/unset';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const newTriggerId = (): string => `${Date.now()}.${Math.floor(Math.random() * 1e9)}.fake-trigger`;

/** Slack's v0 signature headers for a raw body. */
export function signSlackRequest(signingSecret: string, body: string, timestamp: number = nowSeconds()): Record<string, string> {
  const hash = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hash}`, 'x-slack-request-timestamp': String(timestamp) };
}

export async function sendSignedRequest(
  baseUrl: string,
  signingSecret: string,
  body: string,
  contentType: string,
  options: SignedRequestOptions = {},
): Promise<SlackHttpResponse> {
  const timestamp = options.timestamp ?? (options.stale ? nowSeconds() - 6 * 60 : nowSeconds());
  const signature = signSlackRequest(signingSecret, body, timestamp);
  if (options.badSignature) signature['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  const response = await fetch(new URL(options.path ?? '/slack/events', baseUrl), {
    method: 'POST',
    headers: { 'content-type': contentType, ...signature, ...options.headers },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? '' : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: parsed, text };
}

const formBody = (fields: Record<string, string | undefined>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.append(key, value);
  return params.toString();
};

export function sendSlashCommand(
  baseUrl: string,
  signingSecret: string,
  fields: SlashCommandFields,
  options?: SignedRequestOptions,
): Promise<SlackHttpResponse> {
  const body = formBody({
    token: 'deprecated-verification-token',
    team_id: FAKE_TEAM_ID,
    team_domain: 'fake-team',
    channel_id: FAKE_CHANNEL_ID,
    channel_name: 'general',
    user_id: FAKE_USER_ID,
    user_name: 'fake.user',
    command: '/partner',
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: UNROUTED_RESPONSE_URL,
    trigger_id: newTriggerId(),
    ...fields,
  });
  return sendSignedRequest(baseUrl, signingSecret, body, 'application/x-www-form-urlencoded', options);
}

/** block_actions, view_submission, view_closed...: sent as the form field `payload=<json>`. */
export function sendInteraction(baseUrl: string, signingSecret: string, payload: Json, options?: SignedRequestOptions): Promise<SlackHttpResponse> {
  const body = formBody({ payload: JSON.stringify(payload) });
  return sendSignedRequest(baseUrl, signingSecret, body, 'application/x-www-form-urlencoded', options);
}

/** An Events API envelope (event_callback or url_verification) as JSON. */
export function sendEvent(baseUrl: string, signingSecret: string, envelope: Json, options?: SignedRequestOptions): Promise<SlackHttpResponse> {
  return sendSignedRequest(baseUrl, signingSecret, JSON.stringify(envelope), 'application/json', options);
}

export function sendUrlVerification(baseUrl: string, signingSecret: string, challenge: string, options?: SignedRequestOptions): Promise<SlackHttpResponse> {
  return sendEvent(baseUrl, signingSecret, { token: 'deprecated-verification-token', challenge, type: 'url_verification' }, options);
}

interface Actor {
  team_id?: string;
  user_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  api_app_id?: string;
}

const actorFields = (actor: Actor): Json => {
  const teamId = actor.team_id ?? FAKE_TEAM_ID;
  const enterprise = actor.enterprise_id ? { id: actor.enterprise_id, name: 'Fake Enterprise' } : null;
  return {
    user: { id: actor.user_id ?? FAKE_USER_ID, username: 'fake.user', name: 'fake.user', team_id: teamId },
    team: { id: teamId, domain: 'fake-team', ...(enterprise ? { enterprise_id: enterprise.id } : {}) },
    enterprise,
    is_enterprise_install: actor.is_enterprise_install ?? false,
    api_app_id: actor.api_app_id ?? FAKE_APP_ID,
    token: 'deprecated-verification-token',
  };
};

/** An `event_callback` envelope around `event` (app_home_opened, app_uninstalled, tokens_revoked...). */
export function eventCallback(event: Json, actor: Actor = {}): Json {
  const teamId = actor.team_id ?? FAKE_TEAM_ID;
  return {
    token: 'deprecated-verification-token',
    team_id: teamId,
    ...(actor.enterprise_id ? { enterprise_id: actor.enterprise_id } : {}),
    api_app_id: actor.api_app_id ?? FAKE_APP_ID,
    event: { event_ts: `${nowSeconds()}.000100`, ...event },
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    event_time: nowSeconds(),
    authorizations: [
      {
        enterprise_id: actor.enterprise_id ?? null,
        team_id: actor.is_enterprise_install ? null : teamId,
        user_id: actor.user_id ?? FAKE_USER_ID,
        is_bot: true,
        is_enterprise_install: actor.is_enterprise_install ?? false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export interface BlockAction {
  action_id: string;
  block_id?: string;
  type?: string;
  value?: string;
  [extra: string]: unknown;
}

/** A `block_actions` payload; pass `view` for a click in a modal or the Home tab, `channel` + `response_url` in a message. */
export function blockActionsPayload(action: BlockAction, context: Actor & { view?: Json; channel_id?: string; response_url?: string; message?: Json } = {}): Json {
  return {
    type: 'block_actions',
    ...actorFields(context),
    trigger_id: newTriggerId(),
    container: context.view
      ? { type: 'view', view_id: context.view.id }
      : { type: 'message', channel_id: context.channel_id ?? FAKE_CHANNEL_ID, message_ts: '1700000000.000100', is_ephemeral: false },
    ...(context.view ? { view: context.view } : { channel: { id: context.channel_id ?? FAKE_CHANNEL_ID, name: 'general' } }),
    ...(context.message ? { message: context.message } : {}),
    ...(context.response_url ? { response_url: context.response_url } : {}),
    actions: [{ type: 'button', block_id: 'block', action_ts: `${nowSeconds()}.000200`, ...action }],
  };
}

export interface SubmittedView {
  callback_id: string;
  /** `state.values`: `{ [block_id]: { [action_id]: { type, value | selected_* } } }` */
  values?: Record<string, Record<string, Json>>;
  private_metadata?: string;
  id?: string;
  hash?: string;
  blocks?: Json[];
}

const viewFields = (view: SubmittedView, actor: Actor): Json => ({
  id: view.id ?? 'V00000001',
  team_id: actor.team_id ?? FAKE_TEAM_ID,
  type: 'modal',
  callback_id: view.callback_id,
  private_metadata: view.private_metadata ?? '',
  blocks: view.blocks ?? [],
  state: { values: view.values ?? {} },
  hash: view.hash ?? '1700000000.hash',
  title: { type: 'plain_text', text: 'partnerbot' },
  app_id: actor.api_app_id ?? FAKE_APP_ID,
  root_view_id: view.id ?? 'V00000001',
  previous_view_id: null,
});

export function viewSubmissionPayload(view: SubmittedView, actor: Actor = {}): Json {
  return { type: 'view_submission', ...actorFields(actor), trigger_id: newTriggerId(), view: viewFields(view, actor), response_urls: [] };
}

export function viewClosedPayload(view: SubmittedView, actor: Actor = {}): Json {
  return { type: 'view_closed', ...actorFields(actor), view: viewFields(view, actor), is_cleared: false };
}
