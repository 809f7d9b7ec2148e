import { createHash } from 'node:crypto';
import Bottleneck from 'bottleneck';

/** The gate every request of one access token passes through. */
export interface TokenLimiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
  /** The API throttled us anyway: space requests out more for a while. */
  noteThrottled(): void;
}

export interface LimiterRegistry {
  /** One limiter per token, shared by every app and stream of that token. */
  limiterFor(token: string): TokenLimiter;
  /** Drops every queued request and forgets the limiters. */
  stop(): Promise<void>;
}

export interface LimiterRegistryOptions {
  /**
   * Slack added to each second so that arrival-time jitter at the server does not let N+1 requests
   * fall inside one sliding second (network jitter, event-loop or GC stalls). 100 ms costs ~9% throughput.
   */
  safetyMs?: number;
  /** How long to run at half speed after a throttled answer. */
  slowdownMs?: number;
  now?: () => number;
}

/**
 * The Partner API allows `ratePerSecond` requests per API client in any sliding second. Spacing
 * request starts `(1000 + safety) / rate` ms apart guarantees that any rate+1 consecutive requests
 * span more than a second, so a steady stream at the limit is never throttled. (A reservoir refreshed
 * every second would allow 2×rate across a refresh boundary, which a sliding window rejects.)
 */
export function createLimiterRegistry(ratePerSecond = 4, options: LimiterRegistryOptions = {}): LimiterRegistry {
  if (!(ratePerSecond > 0)) throw new Error(`ratePerSecond must be positive, got ${ratePerSecond}`);
  const safetyMs = options.safetyMs ?? 100;
  const slowdownMs = options.slowdownMs ?? 10_000;
  const now = options.now ?? Date.now;
  const baseMinTime = Math.ceil((1000 + safetyMs) / ratePerSecond);
  const limiters = new Map<string, TokenLimiter & { bottleneck: Bottleneck }>();

  const windowSize = Math.max(1, Math.floor(ratePerSecond));
  const windowMs = 1000 + safetyMs;

  const create = (): TokenLimiter & { bottleneck: Bottleneck } => {
    const bottleneck = new Bottleneck({ minTime: baseMinTime, maxConcurrent: Math.max(1, Math.ceil(ratePerSecond)) });
    let slowUntil = 0;
    // Bottleneck spaces *planned* starts; after an event-loop stall its timers fire late and
    // back to back. This gate checks *actual* send times: never more than `windowSize` sends in any
    // `windowMs`, whatever the timers did.
    const sent: number[] = [];
    let turns: Promise<void> = Promise.resolve();
    const gate = (): Promise<void> => {
      const turn = turns.then(async () => {
        const oldest = sent.length >= windowSize ? sent[sent.length - windowSize]! : undefined;
        const wait = oldest === undefined ? 0 : oldest + windowMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        sent.push(Date.now());
        if (sent.length > windowSize) sent.shift();
      });
      turns = turn;
      return turn;
    };
    return {
      bottleneck,
      schedule(task) {
        if (slowUntil !== 0 && now() >= slowUntil) {
          slowUntil = 0;
          bottleneck.updateSettings({ minTime: baseMinTime });
        }
        return bottleneck.schedule(async () => {
          await gate();
          return task();
        });
      },
      noteThrottled() {
        if (slowUntil === 0) bottleneck.updateSettings({ minTime: baseMinTime * 2 });
        slowUntil = now() + slowdownMs;
      },
    };
  };

  return {
    limiterFor(token) {
      // Keyed by a digest so the registry never holds tokens as map keys.
      const key = createHash('sha256').update(token).digest('base64url');
      let limiter = limiters.get(key);
      if (!limiter) {
        limiter = create();
        limiters.set(key, limiter);
      }
      return limiter;
    },
    async stop() {
      const all = [...limiters.values()];
      limiters.clear();
      await Promise.all(all.map((l) => l.bottleneck.stop({ dropWaitingJobs: true })));
    },
  };
}
