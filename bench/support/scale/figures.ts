import type { RequestLogEntry } from '../../../test/fakes/partnerApi/index.ts';
import type { RecordedCall } from '../../../test/helpers/fakeSlack.ts';
import { LIVE_DOMAIN, type LiveEvent } from './liveStream.ts';

export interface AlertFigures {
  events: number;
  posted: number;
  missing: number;
  doubled: number;
  /** Posted in a channel other than the event's workspace's. */
  misrouted: number;
  latenciesMs: number[];
  /** appended -> stored by a poll, and stored -> posted (ingested is null when no row was found). */
  ingestMs: number[];
  deliveryMs: number[];
  /** Latencies of events appended while the large import ran, and of the others. */
  duringImportMs: number[];
  afterImportMs: number[];
}

export const percentile = (values: number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

export const seconds = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));

/** Live domains each accepted chat.postMessage names, with its channel and time. */
export function alertPosts(calls: readonly RecordedCall[]): { channel: string; at: number; n: number }[] {
  const posts = [];
  for (const call of calls) {
    if (call.method !== 'chat.postMessage' || call.response.ok !== true) continue;
    const text = JSON.stringify([call.args.text, call.args.blocks]);
    const named = new Set([...text.matchAll(LIVE_DOMAIN)].map((m) => Number(m[1])));
    for (const n of named) posts.push({ channel: String(call.args.channel), at: call.at, n });
  }
  return posts;
}

/** Every live event expected exactly once in its workspace's channel. importDoneAt: when the large import finished (null: never). */
export function alertFigures(events: readonly LiveEvent[], calls: readonly RecordedCall[], importStartAt: number, importDoneAt: number | null, ingested = new Map<number, number>()): AlertFigures {
  const byEvent = new Map<number, { channel: string; at: number }[]>();
  for (const post of alertPosts(calls)) byEvent.set(post.n, [...(byEvent.get(post.n) ?? []), post]);
  const figures: AlertFigures = { events: events.length, posted: 0, missing: 0, doubled: 0, misrouted: 0, latenciesMs: [], ingestMs: [], deliveryMs: [], duringImportMs: [], afterImportMs: [] };
  for (const event of events) {
    const posts = byEvent.get(event.n) ?? [];
    const here = posts.filter((p) => p.channel === event.channelId);
    figures.misrouted += posts.length - here.length;
    if (here.length === 0) {
      figures.missing += 1;
      continue;
    }
    figures.posted += 1;
    if (here.length > 1) figures.doubled += 1;
    const latency = Math.min(...here.map((p) => p.at)) - event.appendedAt;
    figures.latenciesMs.push(latency);
    const ingest = ingested.get(event.n);
    if (ingest !== undefined) {
      figures.ingestMs.push(ingest);
      figures.deliveryMs.push(latency - ingest);
    }
    const importing = event.appendedAt >= importStartAt && (importDoneAt === null || event.appendedAt < importDoneAt);
    (importing ? figures.duringImportMs : figures.afterImportMs).push(latency);
  }
  return figures;
}

/** Highest count in any (key, whole second) bucket. */
function maxPerSecond<T>(items: readonly T[], key: (item: T) => string | null, at: (item: T) => number): { max: number; key: string | null } {
  const counts = new Map<string, number>();
  let best = { max: 0, key: null as string | null };
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const bucket = `${k}@${Math.floor(at(item) / 1000)}`;
    const count = (counts.get(bucket) ?? 0) + 1;
    counts.set(bucket, count);
    if (count > best.max) best = { max: count, key: k };
  }
  return best;
}

/** Partner requests in the window (simulator time, ms since it started); importToken's apart. */
export function partnerFigures(requests: readonly RequestLogEntry[], fromMs: number, toMs: number, importToken: string) {
  const inWindow = requests.filter((r) => r.at >= fromMs && r.at < toMs);
  const answered = inWindow.filter((r) => r.outcome !== 'throttled');
  const tokens = new Set(inWindow.map((r) => r.token));
  const importing = inWindow.filter((r) => r.token === importToken);
  return {
    importRequests: importing.length,
    importAnsweredPerSecond: importing.filter((r) => r.outcome !== 'throttled').length / ((toMs - fromMs) / 1000),
    importThrottled: importing.filter((r) => r.outcome === 'throttled').length,
    requests: inWindow.length,
    perSecond: inWindow.length / ((toMs - fromMs) / 1000),
    tokens: tokens.size,
    maxPerTokenSecond: maxPerSecond(inWindow, (r) => r.token, (r) => r.at).max,
    maxAnsweredPerTokenSecond: maxPerSecond(answered, (r) => r.token, (r) => r.at).max,
    throttled: inWindow.length - answered.length,
    errors: inWindow.filter((r) => r.outcome !== 'ok' && r.outcome !== 'throttled').length,
  };
}

/** Slack Web API calls in the window (wall-clock ms), per channel. */
export function slackFigures(calls: readonly RecordedCall[], fromMs: number, toMs: number) {
  const inWindow = calls.filter((c) => c.at >= fromMs && c.at < toMs);
  const byMethod = new Map<string, number>();
  for (const c of inWindow) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
  const channelOf = (c: RecordedCall) => (typeof c.args.channel === 'string' ? c.args.channel : null);
  return {
    calls: inWindow.length,
    methods: [...byMethod].map(([m, n]) => `${m} ${n}`).join(', '),
    maxPerChannelSecond: maxPerSecond(inWindow, channelOf, (c) => c.at).max,
    maxPostsPerChannelSecond: maxPerSecond(inWindow.filter((c) => c.method === 'chat.postMessage'), channelOf, (c) => c.at).max,
    failed: inWindow.filter((c) => c.response.ok !== true).length,
  };
}

/**
 * How often each organization was really polled: its token's requests fall in bursts (one poll
 * cycle each); the gaps between burst starts, over every token but the importing one.
 */
export function pollGaps(requests: readonly RequestLogEntry[], fromMs: number, toMs: number, skipToken: string): { gaps: number[]; bursts: number[] } {
  const byToken = new Map<string, number[]>();
  for (const r of requests) {
    if (r.at < fromMs || r.at >= toMs || r.token === null || r.token === skipToken) continue;
    byToken.set(r.token, [...(byToken.get(r.token) ?? []), r.at]);
  }
  const gaps: number[] = [];
  const bursts: number[] = [];
  for (const times of byToken.values()) {
    let burstStart: number | null = null;
    let last = -Infinity;
    for (const t of times.sort((a, b) => a - b)) {
      if (t - last > 5000) {
        if (burstStart !== null) {
          gaps.push(t - burstStart);
          bursts.push(last - burstStart);
        }
        burstStart = t;
      }
      last = t;
    }
  }
  return { gaps, bursts };
}
