/** The fake Slack's fixed ids, recorded shapes and options (fakeSlack.ts serves them). */
import type { SlackFaultCounts, SlackFaultPlan } from './fakeSlackFaults.ts';

export const FAKE_TEAM_ID = 'T00000001';
export const FAKE_ENTERPRISE_ID = 'E00000001';
export const FAKE_USER_ID = 'U00000001';
export const FAKE_CHANNEL_ID = 'C00000001';
export const FAKE_BOT_USER_ID = 'U0BOT0001';
export const FAKE_BOT_ID = 'B00000001';
export const FAKE_APP_ID = 'A00000001';
export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';

export type Json = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  /** Parsed body; `blocks`, `view`, `attachments`, `files`, `metadata` are JSON-parsed. */
  args: Json;
  /** From `Authorization: Bearer ...`, else a `token` argument. */
  token: string | undefined;
  contentType: string | undefined;
  at: number;
  status: number;
  response: Json;
}

export interface Violation {
  /** A Web API method, or `response_url`. */
  method: string;
  errors: string[];
  args: Json;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  url: string;
  body: Json;
  at: number;
}

export interface UploadedFile {
  fileId: string;
  filename: string;
  length: number;
  /** The uploaded bytes (the file part of a multipart body, else the raw body). */
  data: Buffer | undefined;
  completed: boolean;
}

export interface FakeSlackUser {
  name?: string;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  enterprise_user?: { id?: string; enterprise_id?: string; is_admin?: boolean; is_owner?: boolean };
}

export interface FakeSlackChannel {
  name?: string;
  is_private?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  /** false: every call naming the channel answers `channel_not_found`. */
  exists?: boolean;
}

/** What oauth.v2.access grants (Bolt's InstallProvider then calls auth.test with `botToken`). */
export interface FakeOAuthGrant {
  teamId: string | null;
  teamName: string;
  enterpriseId: string | null;
  enterpriseName: string;
  isEnterpriseInstall: boolean;
  botToken: string;
  botUserId: string;
  botId: string;
  appId: string;
  scope: string;
  authedUserId: string;
  /** Set to also grant a user token. */
  userToken?: string;
  userScope?: string;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamName?: string;
  /** Set for an Enterprise Grid workspace; auth.test then answers with `enterprise_id`. */
  enterpriseId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  users?: Record<string, FakeSlackUser>;
  channels?: Record<string, FakeSlackChannel>;
  oauth?: Partial<FakeOAuthGrant>;
}

/** A scripted answer: a body (`ok` defaults to true), or a function of the call. */
export type FakeAnswer = Json | ((call: { method: string; args: Json; token: string | undefined }) => Json);

export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/` */
  apiUrl: string;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  calls: RecordedCall[];
  violations: Violation[];
  responsePosts: ResponseUrlPost[];
  uploads: UploadedFile[];
  callsTo(method: string): RecordedCall[];
  /** A channel's messages, oldest first: every accepted chat.postMessage, plus what addToHistory put there. */
  history(channel: string): HistoryMessage[];
  /** A message someone else posted (conversations.history serves it too). */
  addToHistory(channel: string, message: HistoryMessage): void;
  /** Injects Slack failures into every Web API call until set to null (or reset). */
  setFaults(plan: SlackFaultPlan | null): void;
  readonly faultCounts: SlackFaultCounts;
  /** One answer: used for every call until reset. An array: one per call, then defaults resume. */
  script(method: string, answer: FakeAnswer | FakeAnswer[]): void;
  /** The method's default answers resume. */
  unscript(method: string): void;
  /** The next `times` calls answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  /** Calls with this token answer `error` (default `token_revoked`). */
  revokeToken(token: string, error?: string): void;
  /** The token works again (an operator fixed it). */
  restoreToken(token: string): void;
  setUser(userId: string, user: FakeSlackUser): void;
  setChannel(channelId: string, channel: FakeSlackChannel): void;
  setOAuth(grant: Partial<FakeOAuthGrant>): void;
  /** A fresh response_url served by this fake (5 uses, like Slack). */
  responseUrl(id?: string): string;
  /** Bodies posted to a response_url (by URL or id), oldest first. */
  responsesTo(urlOrId: string): Json[];
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Throws, listing them, if any Block Kit violation was recorded. */
  expectNoViolations(): void;
  /** Forgets calls, scripts, violations, posts, uploads; restores the start options. */
  reset(): void;
  stop(): Promise<void>;
}

/** A channel message as conversations.history returns it (the fields the bot reads). */
export interface HistoryMessage {
  type: 'message';
  ts: string;
  text?: unknown;
  metadata?: unknown;
  user?: string;
  bot_id?: string | undefined;
  app_id?: string | undefined;
}
