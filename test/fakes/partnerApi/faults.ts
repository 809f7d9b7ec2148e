import type { HugeBodyFault } from './hugeBody.ts';
import type { Prng } from './prng.ts';

/**
 * What can go wrong with one request:
 * - http500: HTTP 500 with a JSON error body
 * - hang: never answers (until the client aborts or the simulator stops)
 * - junk: HTTP 200, content-type JSON, body that is not JSON
 * - reset: the socket is destroyed without an answer
 * - internal200: HTTP 200 with Shopify's "Internal error" GraphQL error
 * - throttle200 / throttle429: a throttled answer regardless of the rate limit
 * - custom: any status/body/headers
 * - huge: HTTP 200 with a body of a given size, streamed (see hugeBody.ts)
 */
export type FaultKind = 'http500' | 'hang' | 'junk' | 'reset' | 'internal200' | 'throttle200' | 'throttle429';

export type Fault =
  | FaultKind
  | { kind: FaultKind; operation?: string }
  | { kind: 'custom'; status: number; body: unknown; headers?: Record<string, string>; operation?: string }
  | HugeBodyFault;

export type NormalizedFault =
  | { kind: FaultKind; operation?: string | undefined }
  | { kind: 'custom'; status: number; body: unknown; headers?: Record<string, string> | undefined; operation?: string | undefined }
  | HugeBodyFault;

export interface FaultPlan {
  /** Chance (0..1) that an accepted request gets a random fault from `kinds`. */
  probability?: number;
  kinds?: FaultKind[];
}

export class FaultInjector {
  private readonly queue: NormalizedFault[] = [];
  private probability = 0;
  private kinds: FaultKind[] = ['http500', 'junk', 'reset', 'internal200'];

  constructor(private readonly prng: Prng, plan?: FaultPlan) {
    if (plan) this.setPlan(plan);
  }

  setPlan(plan: FaultPlan): void {
    this.probability = plan.probability ?? 0;
    if (plan.kinds && plan.kinds.length > 0) this.kinds = plan.kinds;
  }

  /** Faults served in order to the next matching requests (before any random fault). */
  enqueue(faults: readonly Fault[]): void {
    for (const fault of faults) this.queue.push(typeof fault === 'string' ? { kind: fault } : fault);
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue.length = 0;
    this.probability = 0;
  }

  next(operation: string | null): NormalizedFault | null {
    const index = this.queue.findIndex((f) => !f.operation || f.operation === operation);
    if (index >= 0) return this.queue.splice(index, 1)[0]!;
    if (this.probability > 0 && this.prng.chance(this.probability)) return { kind: this.prng.pick(this.kinds) };
    return null;
  }
}
