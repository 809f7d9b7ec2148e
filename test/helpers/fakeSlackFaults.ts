/**
 * Slack's failure modes, injected at the wire: `internal_error` (HTTP 200, ok:false), HTTP 503, a
 * request that never gets an answer, and a full outage. Slack's own docs say an internal_error "may"
 * have done the work, so a fraction of failed chat.postMessage calls post the message first.
 */
export interface SlackFaultPlan {
  /** Fractions of calls, 0..1. */
  internalError?: number;
  http503?: number;
  hang?: number;
  /** Of the failed chat.postMessage calls, the fraction that posted the message before failing. */
  postedBeforeFailure?: number;
  /** Every call answers HTTP 503 while true. */
  outage?: boolean;
  /** A seeded random source, so a failing run can be replayed. */
  random?: () => number;
}

export type SlackFault = 'internal_error' | 'http503' | 'hang' | 'outage';

export interface SlackFaultCounts {
  internal_error: number;
  http503: number;
  hang: number;
  outage: number;
  /** Failed chat.postMessage calls that had posted the message. */
  postedBeforeFailure: number;
}

/** Methods that never fail: the OAuth exchange is not part of what the chaos tests look at. */
const EXEMPT = new Set(['oauth.v2.access', 'oauth.v2.exchange', 'oauth.access']);

export function createFaultInjector() {
  let plan: SlackFaultPlan | null = null;
  const counts: SlackFaultCounts = { internal_error: 0, http503: 0, hang: 0, outage: 0, postedBeforeFailure: 0 };
  return {
    counts,
    set(next: SlackFaultPlan | null): void {
      plan = next;
    },
    /** The fault for this call, if any, and whether a chat.postMessage posts before failing. */
    pick(method: string): { fault: SlackFault; postsFirst: boolean } | null {
      if (!plan || EXEMPT.has(method)) return null;
      const random = plan.random ?? Math.random;
      let fault: SlackFault | null = null;
      if (plan.outage) fault = 'outage';
      else {
        const r = random();
        const internal = plan.internalError ?? 0;
        const http503 = plan.http503 ?? 0;
        const hang = plan.hang ?? 0;
        if (r < internal) fault = 'internal_error';
        else if (r < internal + http503) fault = 'http503';
        else if (r < internal + http503 + hang) fault = 'hang';
      }
      if (!fault) return null;
      counts[fault] += 1;
      const postsFirst = method === 'chat.postMessage' && fault !== 'outage' && random() < (plan.postedBeforeFailure ?? 0);
      if (postsFirst) counts.postedBeforeFailure += 1;
      return { fault, postsFirst };
    },
  };
}
