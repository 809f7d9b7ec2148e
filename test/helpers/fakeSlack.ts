/**
 * An in-process fake of Slack's Web API, upload URLs and response_urls, for tests. Point a WebClient
 * (or Bolt's `clientOptions.slackApiUrl`) at `apiUrl`. Every call is recorded; every message and view is
 * checked against the Block Kit limits (blockKitLimits.ts) and a violation is answered with
 * `invalid_blocks` like Slack, and recorded in `violations`.
 *
 * Answer order for `/api/<method>`: a pending `rateLimit` (HTTP 429) -> token check (`not_authed`,
 * revoked tokens) -> Block Kit limits -> `script`ed answer -> the default answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMessage, checkView } from './blockKitLimits.ts';
import { parseBody, readBody, tzOffsetSeconds } from './fakeSlackBodies.ts';
import { createFaultInjector } from './fakeSlackFaults.ts';
import { createChannelHistory } from './fakeSlackHistory.ts';
import {
  FAKE_TEAM_ID,
  FAKE_USER_ID,
  FAKE_BOT_USER_ID,
  FAKE_BOT_ID,
  FAKE_APP_ID,
  FAKE_BOT_TOKEN,
  type FakeSlackUser,
  type FakeSlackChannel,
  type FakeOAuthGrant,
  type FakeSlackOptions,
  type FakeAnswer,
  type FakeSlack,
  type Json,
} from './fakeSlackTypes.ts';

export * from './fakeSlackTypes.ts';
export type { SlackFaultPlan, SlackFaultCounts } from './fakeSlackFaults.ts';

const NO_TOKEN_METHODS = new Set(['oauth.v2.access', 'oauth.v2.exchange', 'oauth.access', 'api.test']);
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.scheduleMessage']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);
const RESPONSE_URL_USES = 5;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const team = {
    id: options.teamId ?? FAKE_TEAM_ID,
    name: options.teamName ?? 'Fake Team',
    enterpriseId: options.enterpriseId,
    botUserId: options.botUserId ?? FAKE_BOT_USER_ID,
    botId: options.botId ?? FAKE_BOT_ID,
    appId: options.appId ?? FAKE_APP_ID,
  };
  const defaultGrant = (): FakeOAuthGrant => ({
    teamId: team.id,
    teamName: team.name,
    enterpriseId: team.enterpriseId ?? null,
    enterpriseName: 'Fake Enterprise',
    isEnterpriseInstall: false,
    botToken: FAKE_BOT_TOKEN,
    botUserId: team.botUserId,
    botId: team.botId,
    appId: team.appId,
    scope: 'commands,chat:write,chat:write.public,channels:join,channels:read,groups:read,users:read,im:write,files:write',
    authedUserId: FAKE_USER_ID,
    ...options.oauth,
  });

  let counter = 0;
  const next = (): number => ++counter;
  let users = new Map<string, FakeSlackUser>();
  let channels = new Map<string, FakeSlackChannel>();
  let grant = defaultGrant();
  const scripts = new Map<string, { answers: FakeAnswer[]; sticky: boolean }>();
  const rateLimits = new Map<string, { seconds: number; remaining: number }>();
  const revoked = new Map<string, string>();
  /** Tokens granted through oauth.v2.access, so auth.test can answer for the right workspace. */
  const tokenOwners = new Map<string, FakeOAuthGrant>();
  const responseUses = new Map<string, number>();
  const history = createChannelHistory();
  const faults = createFaultInjector();

  const fake: FakeSlack = {
    apiUrl: '',
    baseUrl: '',
    calls: [],
    violations: [],
    responsePosts: [],
    uploads: [],
    callsTo: (method) => fake.calls.filter((call) => call.method === method),
    history: (channel) => history.of(channel),
    addToHistory: (channel, message) => history.add(channel, message),
    setFaults: (plan) => faults.set(plan),
    faultCounts: faults.counts,
    script(method, answer) {
      scripts.set(method, Array.isArray(answer) ? { answers: [...answer], sticky: false } : { answers: [answer], sticky: true });
    },
    unscript(method) {
      scripts.delete(method);
    },
    rateLimit(method, retryAfterSeconds, times = 1) {
      rateLimits.set(method, { seconds: retryAfterSeconds, remaining: times });
    },
    revokeToken(token, error = 'token_revoked') {
      revoked.set(token, error);
    },
    restoreToken(token) {
      revoked.delete(token);
    },
    setUser: (userId, user) => void users.set(userId, user),
    setChannel: (channelId, channel) => void channels.set(channelId, channel),
    setOAuth(partial) {
      grant = { ...grant, ...partial };
    },
    responseUrl: (id = `R${next()}`) => `${fake.baseUrl}/response/${encodeURIComponent(id)}`,
    responsesTo(urlOrId) {
      const id = urlOrId.includes('/response/') ? decodeURIComponent(urlOrId.split('/response/')[1] ?? '') : urlOrId;
      return fake.responsePosts.filter((post) => post.id === id).map((post) => post.body);
    },
    async waitForCalls(method, count = 1, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (fake.callsTo(method).length < count) {
        if (Date.now() > deadline) {
          throw new Error(`fakeSlack: expected ${count} call(s) to ${method} within ${timeoutMs} ms, got ${fake.callsTo(method).length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return fake.callsTo(method);
    },
    expectNoViolations() {
      if (fake.violations.length === 0) return;
      const lines = fake.violations.map((v) => `${v.method}: ${v.errors.join('; ')}`);
      throw new Error(`fakeSlack: ${fake.violations.length} Block Kit violation(s):\n${lines.join('\n')}`);
    },
    reset() {
      fake.calls.length = 0;
      fake.violations.length = 0;
      fake.responsePosts.length = 0;
      fake.uploads.length = 0;
      for (const map of [scripts, rateLimits, revoked, tokenOwners, responseUses]) map.clear();
      history.clear();
      faults.set(null);
      users = new Map(Object.entries(options.users ?? {}));
      channels = new Map(Object.entries(options.channels ?? {}));
      grant = defaultGrant();
    },
    async stop() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  fake.reset();

  const dmChannelFor = (userId: string): string => `D${userId.replace(/^[UW]/, '')}`;
  const channelExists = (id: unknown): boolean => typeof id === 'string' && id !== '' && channels.get(id)?.exists !== false;
  const channelObject = (id: string): Json => {
    const config = channels.get(id) ?? {};
    const isIm = id.startsWith('D');
    return {
      id,
      name: config.name ?? (isIm ? undefined : `channel-${id.toLowerCase()}`),
      is_channel: !isIm && !config.is_private,
      is_group: !isIm && Boolean(config.is_private),
      is_im: isIm,
      is_private: Boolean(config.is_private) || isIm,
      is_archived: Boolean(config.is_archived),
      is_member: config.is_member ?? isIm,
      context_team_id: team.id,
    };
  };
  const userObject = (id: string): Json => {
    const config = users.get(id) ?? {};
    const tz = config.tz ?? 'UTC';
    return {
      id,
      team_id: team.id,
      name: config.name ?? id.toLowerCase(),
      real_name: config.real_name ?? `User ${id}`,
      deleted: config.deleted ?? false,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz),
      is_admin: config.is_admin ?? false,
      is_owner: config.is_owner ?? false,
      is_primary_owner: config.is_primary_owner ?? false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: config.is_bot ?? false,
      profile: { real_name: config.real_name ?? `User ${id}`, display_name: config.name ?? id.toLowerCase() },
      ...(config.enterprise_user ? { enterprise_user: config.enterprise_user } : {}),
    };
  };
  // Real time, like Slack, so `oldest` filters work; the counter keeps every ts unique and increasing.
  let lastTsSeconds = 0;
  const newTs = (): string => {
    const n = next();
    lastTsSeconds = Math.max(lastTsSeconds, Math.floor(Date.now() / 1000));
    return `${lastTsSeconds}.${String(n % 1_000_000).padStart(6, '0')}`;
  };
  const viewAnswer = (view: Json, id: string): Json => ({
    ok: true,
    view: {
      id,
      team_id: team.id,
      app_id: team.appId,
      bot_id: team.botId,
      root_view_id: id,
      previous_view_id: null,
      hash: `${Date.now()}.hash${next()}`,
      state: { values: {} },
      private_metadata: '',
      callback_id: '',
      ...view,
    },
  });
  const fail = (error: string): Json => ({ ok: false, error });

  function defaultAnswer(method: string, args: Json, token: string | undefined): Json {
    const str = (key: string): string => (typeof args[key] === 'string' ? (args[key] as string) : '');
    switch (method) {
      case 'api.test':
        return { ok: true, args };
      case 'auth.test': {
        const owner = token === undefined ? undefined : tokenOwners.get(token);
        const teamId = owner ? (owner.teamId ?? owner.enterpriseId) : team.id;
        const enterpriseId = owner ? owner.enterpriseId : team.enterpriseId;
        return {
          ok: true,
          url: `https://${String(teamId).toLowerCase()}.slack.com/`,
          team: owner?.teamName ?? team.name,
          user: 'partnerbot',
          team_id: teamId,
          user_id: owner?.botUserId ?? team.botUserId,
          bot_id: owner?.botId ?? team.botId,
          app_id: owner?.appId ?? team.appId,
          ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
          is_enterprise_install: owner?.isEnterpriseInstall ?? false,
        };
      }
      case 'chat.postMessage':
      case 'chat.scheduleMessage': {
        const target = str('channel');
        if (!channelExists(target)) return fail('channel_not_found');
        if (channels.get(target)?.is_archived) return fail('is_archived');
        if (!args.text && !args.blocks && !args.attachments) return fail('no_text');
        const channel = /^[UW]/.test(target) ? dmChannelFor(target) : target;
        const ts = newTs();
        // Like Slack, a bot's message names its bot and app (conversations.history returns them too).
        const owner = token === undefined ? undefined : tokenOwners.get(token);
        const message = {
          type: 'message', text: args.text ?? '', blocks: args.blocks, user: owner?.botUserId ?? team.botUserId,
          bot_id: owner?.botId ?? team.botId, app_id: owner?.appId ?? team.appId, ts, thread_ts: args.thread_ts, team: team.id,
        };
        if (method === 'chat.postMessage') history.add(channel, { type: 'message', ts, text: args.text ?? '', metadata: args.metadata, user: message.user, bot_id: message.bot_id, app_id: message.app_id });
        return method === 'chat.postMessage'
          ? { ok: true, channel, ts, message }
          : { ok: true, channel, scheduled_message_id: `Q${next()}`, post_at: args.post_at, message };
      }
      case 'chat.postEphemeral':
        if (!channelExists(args.channel)) return fail('channel_not_found');
        if (!args.user) return fail('user_not_in_channel');
        return { ok: true, message_ts: newTs() };
      case 'chat.update':
        if (!channelExists(args.channel)) return fail('channel_not_found');
        if (!args.ts) return fail('message_not_found');
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text ?? '', message: { text: args.text ?? '', blocks: args.blocks, user: team.botUserId, bot_id: team.botId } };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.getPermalink':
        return { ok: true, channel: args.channel, permalink: `https://fake.slack.com/archives/${str('channel')}/p${str('message_ts').replace('.', '')}` };
      case 'views.open':
      case 'views.push':
        if (!args.trigger_id && !args.interactivity_pointer) return fail('invalid_arguments');
        return viewAnswer(args.view as Json, `V${next()}`);
      case 'views.update':
        if (!args.view_id && !args.external_id) return fail('invalid_arguments');
        return viewAnswer(args.view as Json, str('view_id') || `V${next()}`);
      case 'views.publish':
        if (!args.user_id) return fail('invalid_arguments');
        return viewAnswer(args.view as Json, `V${next()}`);
      case 'conversations.join': {
        const id = str('channel');
        if (!channelExists(id)) return fail('channel_not_found');
        if (channels.get(id)?.is_archived) return fail('is_archived');
        channels.set(id, { ...channels.get(id), is_member: true });
        return { ok: true, channel: channelObject(id) };
      }
      case 'conversations.history':
        if (!channelExists(args.channel)) return fail('channel_not_found');
        return history.answer(args);
      case 'conversations.info':
        return channelExists(args.channel) ? { ok: true, channel: channelObject(str('channel')) } : fail('channel_not_found');
      case 'conversations.open': {
        const first = str('users').split(',')[0]?.trim();
        if (!first) return args.channel ? { ok: true, channel: channelObject(str('channel')) } : fail('users_list_not_supplied');
        return { ok: true, no_op: false, already_open: false, channel: { id: dmChannelFor(first) } };
      }
      case 'users.info':
        return args.user ? { ok: true, user: userObject(str('user')) } : fail('user_not_found');
      case 'team.info':
        return { ok: true, team: { id: team.id, name: team.name, domain: team.id.toLowerCase(), enterprise_id: team.enterpriseId } };
      case 'oauth.v2.access': {
        if (!args.code) return fail('invalid_code');
        const g = grant;
        tokenOwners.set(g.botToken, g);
        if (g.userToken) tokenOwners.set(g.userToken, g);
        return {
          ok: true,
          app_id: g.appId,
          authed_user: { id: g.authedUserId, ...(g.userToken ? { scope: g.userScope ?? '', access_token: g.userToken, token_type: 'user' } : {}) },
          scope: g.scope,
          token_type: 'bot',
          access_token: g.botToken,
          bot_user_id: g.botUserId,
          team: g.teamId ? { id: g.teamId, name: g.teamName } : null,
          enterprise: g.enterpriseId ? { id: g.enterpriseId, name: g.enterpriseName } : null,
          is_enterprise_install: g.isEnterpriseInstall,
        };
      }
      case 'apps.uninstall':
      case 'auth.revoke':
        if (token) revoked.set(token, 'token_revoked');
        return method === 'auth.revoke' ? { ok: true, revoked: true } : { ok: true };
      case 'files.getUploadURLExternal': {
        if (!args.filename || !args.length) return fail('invalid_arguments');
        const fileId = `F${next()}`;
        fake.uploads.push({ fileId, filename: str('filename'), length: Number(args.length), data: undefined, completed: false });
        return { ok: true, upload_url: `${fake.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as Json[]) : [];
        if (files.length === 0) return fail('invalid_arguments');
        if (args.channel_id && !channelExists(args.channel_id)) return fail('channel_not_found');
        const uploads = files.map((file) => fake.uploads.find((upload) => upload.fileId === file.id && upload.data));
        if (uploads.some((upload) => upload === undefined)) return fail('file_not_found');
        return {
          ok: true,
          files: uploads.map((upload, i) => {
            upload!.completed = true;
            return { id: upload!.fileId, name: upload!.filename, title: files[i]?.title ?? upload!.filename, size: upload!.data!.length, channels: args.channel_id ? [args.channel_id] : [] };
          }),
        };
      }
      default:
        return fail('unknown_method');
    }
  }

  function answerApi(method: string, args: Json, token: string | undefined): { status: number; body: Json; headers?: Record<string, string> } {
    const limit = rateLimits.get(method);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      return { status: 429, body: fail('ratelimited'), headers: { 'Retry-After': String(limit.seconds) } };
    }
    if (!NO_TOKEN_METHODS.has(method)) {
      if (!token) return { status: 200, body: fail('not_authed') };
      const revokedError = revoked.get(token);
      if (revokedError) return { status: 200, body: fail(revokedError) };
    }
    const errors = MESSAGE_METHODS.has(method)
      ? checkMessage(args)
      : VIEW_METHODS.has(method)
        ? checkView(args.view)
        : method === 'files.completeUploadExternal'
          ? checkMessage(args, { requireText: false })
          : [];
    if (errors.length > 0) {
      fake.violations.push({ method, errors, args, at: Date.now() });
      return { status: 200, body: { ok: false, error: 'invalid_blocks', errors } };
    }
    const scripted = scripts.get(method);
    const answer = scripted?.sticky ? scripted.answers[0] : scripted?.answers.shift();
    if (answer !== undefined) {
      const body = typeof answer === 'function' ? answer({ method, args, token }) : answer;
      return { status: 200, body: { ok: true, ...body } };
    }
    return { status: 200, body: defaultAnswer(method, args, token) };
  }

  function handleResponseUrl(id: string, args: Json): { status: number; body: Json } {
    const uses = (responseUses.get(id) ?? 0) + 1;
    responseUses.set(id, uses);
    if (uses > RESPONSE_URL_USES) return { status: 404, body: fail('used_url') };
    const errors = checkMessage(args);
    if (errors.length > 0) {
      fake.violations.push({ method: 'response_url', errors, args, at: Date.now() });
      return { status: 400, body: { ok: false, error: 'invalid_blocks', errors } };
    }
    fake.responsePosts.push({ id, url: `${fake.baseUrl}/response/${encodeURIComponent(id)}`, body: args, at: Date.now() });
    return { status: 200, body: { ok: true } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const contentType = req.headers['content-type'];
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const send = (status: number, body: Json | string, headers: Record<string, string> = {}): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const { fields: args } = parseBody(raw, contentType);
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
      const injected = faults.pick(method);
      if (injected) {
        // Slack may have done the work before failing (its docs say so of internal_error).
        if (injected.postsFirst) answerApi(method, args, token);
        const { fault } = injected;
        const status = fault === 'internal_error' ? 200 : 503;
        const body = fault === 'internal_error' ? fail('internal_error') : fail('service_unavailable');
        fake.calls.push({ method, args, token, contentType, at: Date.now(), status, response: { ...body, fault } });
        if (fault === 'hang') return; // never answered: the client's timeout ends it (stop() closes it)
        return send(status, body);
      }
      const { status, body, headers } = answerApi(method, args, token);
      fake.calls.push({ method, args, token, contentType, at: Date.now(), status, response: body });
      send(status, body, headers);
    } else if (path.startsWith('/upload/')) {
      const upload = fake.uploads.find((u) => u.fileId === path.slice('/upload/'.length));
      if (!upload) return send(404, 'unknown upload');
      const { files } = parseBody(raw, contentType);
      upload.data = Object.values(files)[0] ?? raw;
      send(200, `OK - ${upload.data.length}`);
    } else if (path.startsWith('/response/')) {
      const { status, body } = handleResponseUrl(decodeURIComponent(path.slice('/response/'.length)), parseBody(raw, contentType).fields);
      send(status, body);
    } else {
      send(404, 'not found');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fakeSlack error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.apiUrl = `${fake.baseUrl}/api/`;
  return fake;
}
