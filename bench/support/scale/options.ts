import { loadConfig } from '../../../src/config.ts';

/**
 * The scale bench's knobs, from the environment, so a quick run (SCALE_WORKSPACES=50
 * SCALE_SECONDS=30) and the full one (1,000 workspaces, 3 minutes) are the same code.
 */
export interface ScaleOptions {
  /** Workspaces, one Partner organization (own token, 1-3 apps, small history) each. */
  workspaces: number;
  /** Length of the measurement window, live events flowing. */
  seconds: number;
  /** Live events per second across all organizations. */
  eventsPerSecond: number;
  /** History of the one organization that connects when the window opens. */
  importEvents: number;
  /** Process counts to run, e.g. [1, 2, 4]. */
  processCounts: number[];
  /** Also run 2 processes and kill -9 one of them halfway (restarted at once). */
  killRun: boolean;
  /** POLL_INTERVAL_SECONDS given to the bots; null: the bot's default. */
  pollIntervalSeconds: number | null;
  /** What the bots poll at: the option, else the bot's own default (read from src/config.ts). */
  effectivePollSeconds: number;
  /** How long to wait after the window for the last events' alerts. */
  drainSeconds: number;
  /** Where each process's log goes. */
  logDir: string;
}

/** The bot's own default interval (it has changed before: ask config.ts rather than assume). */
function botDefaultPollSeconds(): number {
  return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-default', SLACK_SIGNING_SECRET: 'default' }).pollIntervalSeconds;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} "${raw}" must be a non-negative number`);
  return value;
}

export function readScaleOptions(env: NodeJS.ProcessEnv = process.env): ScaleOptions {
  const poll = env.SCALE_POLL_INTERVAL_SECONDS?.trim() ? numberFrom(env, 'SCALE_POLL_INTERVAL_SECONDS', 0) : null;
  const effectivePoll = poll ?? botDefaultPollSeconds();
  return {
    workspaces: numberFrom(env, 'SCALE_WORKSPACES', 1000),
    seconds: numberFrom(env, 'SCALE_SECONDS', 180),
    eventsPerSecond: numberFrom(env, 'SCALE_EVENTS_PER_SECOND', 8),
    importEvents: numberFrom(env, 'SCALE_IMPORT_EVENTS', 50_000),
    processCounts: (env.SCALE_PROCESSES?.trim() || '1,2,4').split(',').map((n) => Number(n.trim())).filter((n) => n > 0),
    killRun: (env.SCALE_KILL ?? '1') !== '0',
    pollIntervalSeconds: poll,
    effectivePollSeconds: effectivePoll,
    // A poll interval, plus the sync and alerts ticks, plus a lease a killed process left (interval + 60 s).
    drainSeconds: numberFrom(env, 'SCALE_DRAIN_SECONDS', 2 * effectivePoll + 90),
    logDir: env.SCALE_LOG_DIR?.trim() || '/tmp/partnerbot-scale-logs',
  };
}

export function describeOptions(o: ScaleOptions): string {
  return [
    `${o.workspaces} workspaces, ${o.eventsPerSecond} live events/s for ${o.seconds} s (drain up to ${o.drainSeconds} s)`,
    `one organization importing ${o.importEvents} events from the window's start`,
    `POLL_INTERVAL_SECONDS=${o.pollIntervalSeconds ?? `unset (the bot's default, ${o.effectivePollSeconds} s)`}; processes: ${o.processCounts.join(', ')}${o.killRun ? ' + kill -9 run (2)' : ''}`,
    `logs in ${o.logDir}`,
  ].join('\n');
}
