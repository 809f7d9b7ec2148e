import type { Clock } from '../clock.ts';

/**
 * How often a workspace may use an on-demand action ("digest now", "Sync now"). Kept in this process's
 * memory: correct for one process, and with several each allows one use per period, so the rate stays
 * bounded by the number of processes; a restart forgets it, which costs at most one extra use.
 */
export interface Cooldown {
  /** When `key` may use the action again; null when it may now. */
  blockedUntil(key: string): Date | null;
  /** Starts the period for `key` now. */
  start(key: string): void;
}

export function createCooldown(deps: { clock: Clock; periodMs: number }): Cooldown {
  const lastUse = new Map<string, number>();
  return {
    blockedUntil(key) {
      const last = lastUse.get(key);
      if (last === undefined) return null;
      const until = last + deps.periodMs;
      return until > deps.clock.now().getTime() ? new Date(until) : null;
    },
    start(key) {
      const now = deps.clock.now().getTime();
      // Expired entries go, so the map holds only workspaces that acted within the last period.
      for (const [k, at] of lastUse) if (at + deps.periodMs <= now) lastUse.delete(k);
      lastUse.set(key, now);
    },
  };
}

/** "in 25 seconds", "in 4 minutes": rounded up, so the user never retries too early. */
export function waitText(until: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
