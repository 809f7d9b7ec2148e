import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryMetrics } from '../alerts/countPosted.ts';
import { deliverChannel, type DeliveryDeps } from '../alerts/deliverChannel.ts';
import { probePausedChannels } from '../alerts/probePaused.ts';
import type { AlertSlack } from '../alerts/slackClients.ts';
import type { BotIdentityFor } from '../slackApi/botIdentity.ts';
import { claimChannels, releaseChannel } from '../storage/alertChannels.ts';
import type { Database } from '../storage/schema.ts';

export interface AlertWorker {
  /** Claims channels with due alerts and starts delivering them; never waits for a delivery. */
  tick(): Promise<void>;
  /** Resolves when every running delivery has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  readonly owner: string;
}

export interface AlertWorkerDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  slackFor: (workspaceId: string) => Promise<AlertSlack | null>;
  botIdentityFor: BotIdentityFor;
  /** The sync poll interval: a plan-change candidate waits one more poll for its partner. */
  pollIntervalMs: number;
  /** Counts posted alerts and observes their detection lag. */
  metrics?: DeliveryMetrics;
}

export interface AlertWorkerOptions {
  owner?: string;
  maxConcurrentChannels?: number;
  minGapMs?: number;
  groupAbove?: number;
  leaseMs?: number;
  /** How often paused channels are swept and probed. */
  probeEveryMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Delivers queued alerts. Each channel is leased to one process at a time (across processes too), so
 * its alerts go out in order and paced; channels are delivered side by side.
 */
export function createAlertWorker(deps: AlertWorkerDeps, options: AlertWorkerOptions = {}): AlertWorker {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const maxConcurrent = options.maxConcurrentChannels ?? 50;
  const probeEveryMs = options.probeEveryMs ?? 15_000;
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let lastProbeMs = 0;
  let probing: Promise<void> | null = null;
  const delivery: DeliveryDeps = {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    owner,
    slackFor: deps.slackFor,
    botIdentityFor: deps.botIdentityFor,
    leaseMs: options.leaseMs ?? 60_000,
    holdGraceMs: deps.pollIntervalMs + 5_000,
    minGapMs: options.minGapMs ?? 1_000,
    groupAbove: options.groupAbove ?? 20,
    batchLimit: 200,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    stopped: () => stopped,
    metrics: deps.metrics,
  };

  const probe = async () => {
    try {
      await probePausedChannels(deps);
    } catch (error) {
      deps.logger.error('Could not check paused alert channels', { error });
    }
  };

  return {
    owner,
    async tick() {
      if (stopped) return;
      const nowMs = deps.clock.now().getTime();
      if (!probing && nowMs - lastProbeMs >= probeEveryMs) {
        lastProbeMs = nowMs;
        probing = probe().finally(() => (probing = null));
        await probing;
      }
      if (running.size >= maxConcurrent) return;
      let claimed;
      try {
        claimed = await claimChannels(deps.db, owner, deps.clock.now(), delivery.leaseMs, maxConcurrent - running.size);
      } catch (error) {
        deps.logger.error('Could not claim alert channels', { error });
        return;
      }
      for (const channel of claimed) {
        const key = `${channel.connectionId}/${channel.channelId}`;
        const run = deliverChannel(delivery, channel)
          .catch((error: unknown) => deps.logger.error('Alert delivery failed', { connectionId: channel.connectionId, channelId: channel.channelId, error }))
          .finally(async () => {
            await releaseChannel(deps.db, channel, owner).catch(() => undefined);
            running.delete(key);
          });
        running.set(key, run);
      }
    },
    async idle() {
      while (running.size > 0 || probing) await Promise.all([...running.values(), probing]);
    },
    async stop() {
      stopped = true;
      await Promise.all([...running.values(), probing]);
    },
  };
}
