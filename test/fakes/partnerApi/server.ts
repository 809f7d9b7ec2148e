import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SimDataStore, type SimApp } from './dataStore.ts';
import { EndlessPagesMode, type EndlessPages } from './endlessPages.ts';
import { executeRequest } from './executor.ts';
import { streamHugeBody } from './hugeBody.ts';
import { FaultInjector, type Fault, type FaultPlan, type NormalizedFault } from './faults.ts';
import { createPrng } from './prng.ts';
import { loadPartnerSchema } from './schema.ts';
import type { SimEvent, SimShop, SimTransaction } from './types.ts';

export interface SimTokenOptions {
  token: string;
  /** "Manage apps": apps and their events. Default true. */
  manageApps?: boolean;
  /** "View financials": transactions. Default true. */
  viewFinancials?: boolean;
}

export interface SimOrgOptions {
  id: string;
  apps?: Array<{ id: string; name?: string; apiKey?: string }>;
  tokens?: SimTokenOptions[];
}

export interface PartnerSimulatorOptions {
  orgs: SimOrgOptions[];
  shops?: SimShop[];
  events?: SimEvent[];
  transactions?: SimTransaction[];
  /** Versions answered (all with the 2025-07 schema); others get 404 "Invalid API version". */
  versions?: string[];
  /** Requests per token in any sliding second; 0 disables the limit. Default 4. */
  ratePerSecond?: number;
  /** How a throttled request is answered: HTTP 429 + Retry-After: 1 (default), or HTTP 200 with errors. */
  throttleMode?: 'http429' | 'graphql200';
  /**
   * A valid token used on another organization's URL. The Partner API docs describe 401 for "an
   * invalid API client … or against an invalid Organization", so the default answers exactly like a
   * bad token; 'forbidden' answers 403 instead, for clients that want to tell the two apart.
   */
  wrongOrgResponse?: 'unauthorized' | 'forbidden';
  faults?: FaultPlan;
  seed?: number;
  maxPageSize?: number;
  defaultPageSize?: number;
}

export interface RequestLogEntry {
  /** ms since the simulator started */
  at: number;
  token: string | null;
  orgId: string;
  version: string;
  operationName: string | null;
  rootField: string | null;
  variables: Record<string, unknown> | null;
  status: number | null;
  outcome: 'ok' | 'graphql_errors' | 'throttled' | 'unauthorized' | 'wrong_org' | 'bad_version' | 'bad_request' | `fault:${string}`;
}

export interface PartnerSimulator {
  url: string;
  store: SimDataStore;
  requests: RequestLogEntry[];
  /** Throttled answers, ms since start. */
  throttled: Array<{ at: number; token: string }>;
  appendEvents(events: readonly SimEvent[]): void;
  appendTransactions(transactions: readonly SimTransaction[]): void;
  addShops(shops: readonly SimShop[]): void;
  injectFaults(faults: readonly Fault[]): void;
  setFaultPlan(plan: FaultPlan): void;
  clearFaults(): void;
  /** Paged queries never reach their last page (see endlessPages.ts); null answers normally again. */
  setEndlessPages(mode: EndlessPages | null): void;
  /** Endless answers served since setEndlessPages. */
  endlessAnswers(): number;
  setRatePerSecond(rate: number): void;
  setThrottleMode(mode: 'http429' | 'graphql200'): void;
  setTokenPermissions(token: string, permissions: { manageApps?: boolean; viewFinancials?: boolean }): void;
  /** Throttled answers at or after `sinceMs` (ms since start). */
  throttledCount(sinceMs?: number): number;
  /** ms since the simulator started */
  elapsed(): number;
  stop(): Promise<void>;
}

const DEFAULT_VERSIONS = ['2025-04', '2025-07', '2025-10', '2026-01', '2026-04', '2026-07', '2026-10', 'unstable'];
const ROUTE = /^\/([^/]+)\/api\/([^/]+)\/graphql\.json$/;
const INTERNAL_ERROR =
  'Internal error. Looks like something went wrong on our end.\nRequest ID: 1b355a21-7117-44c5-8d8b-8948082f40a8 (include this in support requests).';

export async function startPartnerSimulator(options: PartnerSimulatorOptions): Promise<PartnerSimulator> {
  const schema = loadPartnerSchema();
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const store = new SimDataStore();
  const tokens = new Map<string, { orgId: string; manageApps: boolean; viewFinancials: boolean }>();
  for (const org of options.orgs) {
    for (const app of org.apps ?? []) {
      const n = /(\d+)$/.exec(app.id)?.[1] ?? app.id;
      const sim: SimApp = { id: app.id, name: app.name ?? `App ${n}`, apiKey: app.apiKey ?? `key${n}`, orgId: org.id };
      store.addApp(sim);
    }
    for (const t of org.tokens ?? []) {
      tokens.set(t.token, { orgId: org.id, manageApps: t.manageApps ?? true, viewFinancials: t.viewFinancials ?? true });
    }
  }
  store.addShops(options.shops ?? []);
  if (options.events) store.appendEvents(options.events);
  if (options.transactions) store.appendTransactions(options.transactions);

  const versions = new Set(options.versions ?? DEFAULT_VERSIONS);
  let ratePerSecond = options.ratePerSecond ?? 4;
  let throttleMode = options.throttleMode ?? 'http429';
  const wrongOrgResponse = options.wrongOrgResponse ?? 'unauthorized';
  const faults = new FaultInjector(createPrng(options.seed ?? 1), options.faults);
  const endless = new EndlessPagesMode();
  const windows = new Map<string, number[]>();
  const requests: RequestLogEntry[] = [];
  const throttled: Array<{ at: number; token: string }> = [];
  const sockets = new Set<Socket>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  /** Sliding window: at most `ratePerSecond` accepted requests in the last 1000 ms, per token. */
  const admit = (token: string, now: number): boolean => {
    if (ratePerSecond <= 0) return true;
    let window = windows.get(token);
    if (!window) windows.set(token, (window = []));
    while (window.length > 0 && window[0]! <= now - 1000) window.shift();
    if (window.length >= ratePerSecond) return false;
    window.push(now);
    return true;
  };

  const sendThrottled = (res: ServerResponse, token: string, mode: 'http429' | 'graphql200', version: string) => {
    throttled.push({ at: elapsed(), token });
    const body = { errors: [{ message: 'Too many requests', extensions: { code: '429' } }] };
    const headers = { 'x-shopify-api-version': version };
    if (mode === 'http429') sendJson(res, 429, body, { ...headers, 'retry-after': '1' });
    else sendJson(res, 200, body, headers);
  };

  const applyFault = (fault: NormalizedFault, req: IncomingMessage, res: ServerResponse, token: string, version: string): number | null => {
    switch (fault.kind) {
      case 'http500':
        sendJson(res, 500, { errors: [{ message: 'Internal Server Error', extensions: { code: '500' } }] });
        return 500;
      case 'hang':
        return null; // the socket is destroyed by the client's abort or by stop()
      case 'junk':
        res.writeHead(200, { 'content-type': 'application/json', 'x-shopify-api-version': version });
        res.end('<html><body>502 Bad Gateway</body></html>{"data":');
        return 200;
      case 'reset':
        req.socket.destroy();
        return null;
      case 'internal200':
        sendJson(res, 200, { errors: [{ message: INTERNAL_ERROR, extensions: { code: '500' } }] }, { 'x-shopify-api-version': version });
        return 200;
      case 'throttle200':
        sendThrottled(res, token, 'graphql200', version);
        return 200;
      case 'throttle429':
        sendThrottled(res, token, 'http429', version);
        return 429;
      case 'custom':
        sendJson(res, fault.status, fault.body, fault.headers ?? {});
        return fault.status;
      case 'huge':
        void streamHugeBody(res, fault, version);
        return 200;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrivedAt = elapsed();
    const route = ROUTE.exec(new URL(req.url ?? '/', 'http://sim').pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const tokenHeader = req.headers['x-shopify-access-token'];
    const token = typeof tokenHeader === 'string' ? tokenHeader : null;
    const entry: RequestLogEntry = {
      at: arrivedAt,
      token,
      orgId: route?.[1] ?? '',
      version: route?.[2] ?? '',
      operationName: null,
      rootField: null,
      variables: null,
      status: null,
      outcome: 'ok',
    };
    requests.push(entry);
    let body: { query?: unknown; variables?: unknown; operationName?: unknown } = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      entry.outcome = 'bad_request';
    }
    const query = typeof body.query === 'string' ? body.query : '';
    entry.operationName = typeof body.operationName === 'string' ? body.operationName : (/^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? null);
    entry.rootField = /\{\s*(\w+)/.exec(query)?.[1] ?? null;
    entry.variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : null;
    const finish = (status: number | null, outcome: RequestLogEntry['outcome']) => {
      entry.status = status;
      entry.outcome = outcome;
    };

    if (!route || req.method !== 'POST') return finish(404, 'bad_request'), sendJson(res, 404, { errors: [{ message: 'Not Found', extensions: { code: '404' } }] });
    const [, orgId, version] = route as unknown as [string, string, string];
    if (!versions.has(version)) {
      finish(404, 'bad_version');
      return sendJson(res, 404, { errors: [{ message: 'Invalid API version', extensions: { code: '404' } }] });
    }
    const grant = token ? tokens.get(token) : undefined;
    if (!token || !grant) {
      finish(401, 'unauthorized');
      return sendJson(res, 401, { errors: [{ message: 'Invalid access token', extensions: { code: '401' } }] });
    }
    if (grant.orgId !== orgId) {
      if (wrongOrgResponse === 'forbidden') {
        finish(403, 'wrong_org');
        return sendJson(res, 403, { errors: [{ message: 'Forbidden: this API client belongs to another organization', extensions: { code: '403' } }] });
      }
      finish(401, 'wrong_org');
      return sendJson(res, 401, { errors: [{ message: 'Invalid access token', extensions: { code: '401' } }] });
    }
    if (!admit(token, arrivedAt)) {
      finish(throttleMode === 'http429' ? 429 : 200, 'throttled');
      return sendThrottled(res, token, throttleMode, version);
    }
    const fault = faults.next(entry.operationName ?? entry.rootField);
    if (fault) return finish(applyFault(fault, req, res, token, version), `fault:${fault.kind}`);
    if (entry.outcome === 'bad_request' || !query) {
      finish(400, 'bad_request');
      return sendJson(res, 400, { errors: [{ message: 'No query string was present', extensions: { code: '400' } }] });
    }
    const isEndless = endless.applies(entry.operationName, entry.rootField);
    const answer = await executeRequest({
      schema,
      store,
      caller: { orgId, manageApps: grant.manageApps, viewFinancials: grant.viewFinancials },
      query,
      variables: isEndless ? endless.rewriteVariables(entry.variables) : entry.variables,
      operationName: typeof body.operationName === 'string' ? body.operationName : null,
      maxPageSize: options.maxPageSize ?? 100,
      defaultPageSize: options.defaultPageSize ?? 50,
      versions: [...versions],
    });
    const result = isEndless ? endless.rewriteResult(answer) : answer;
    finish(200, result.errors ? 'graphql_errors' : 'ok');
    sendJson(res, 200, result, { 'x-shopify-api-version': version });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: `Simulator bug: ${(error as Error).message}` }] });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    requests,
    throttled,
    appendEvents: (events) => store.appendEvents(events),
    appendTransactions: (transactions) => store.appendTransactions(transactions),
    addShops: (shops) => store.addShops(shops),
    injectFaults: (list) => faults.enqueue(list),
    setFaultPlan: (plan) => faults.setPlan(plan),
    clearFaults: () => faults.clear(),
    setEndlessPages: (mode) => endless.set(mode),
    endlessAnswers: () => endless.served,
    setRatePerSecond: (rate) => {
      ratePerSecond = rate;
    },
    setThrottleMode: (mode) => {
      throttleMode = mode;
    },
    setTokenPermissions: (token, permissions) => {
      const grant = tokens.get(token);
      if (!grant) throw new Error('Simulator: unknown token');
      Object.assign(grant, permissions);
    },
    throttledCount: (sinceMs = 0) => throttled.filter((t) => t.at >= sinceMs).length,
    elapsed,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
