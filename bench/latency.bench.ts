import { latencySummary, measureLivePollLatency, type LatencyResult } from './support/livePollLatency.ts';

const INTERVALS_SECONDS = [10, 20, 30, 60];
const APPS = 3;
const RATE_LIMIT = 4;

const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

function row(result: LatencyResult): Record<string, string | number> {
  const { p50, p95, max } = latencySummary(result.latenciesMs);
  const { cost } = result;
  const perSecond = cost.requests / cost.seconds;
  const perPollPerApp = cost.polls > 0 ? cost.requests / cost.polls / result.apps : NaN;
  return {
    'interval s': result.pollIntervalSeconds,
    posted: `${result.latenciesMs.length}/${result.events}`,
    'p50 s': p50.toFixed(1),
    'p95 s': p95.toFixed(1),
    'max s': max.toFixed(1),
    'poll every s': (cost.seconds / cost.polls).toFixed(1),
    'req/poll/app': perPollPerApp.toFixed(2),
    'extra pages': cost.extraPages,
    [`req/s ${result.apps} apps`]: perSecond.toFixed(3),
    [`% of ${RATE_LIMIT} req/s`]: `${((100 * perSecond) / RATE_LIMIT).toFixed(1)}%`,
    'req/s 1 app': (perSecond / result.apps).toFixed(3),
    '% (1 app)': `${((100 * perSecond) / result.apps / RATE_LIMIT).toFixed(1)}%`,
    throttled: cost.throttled,
  };
}

/**
 * Detection latency (an event appears in the Partner API -> its alert is posted in Slack) and the
 * steady-state Partner API cost of a 3-app organization, at each candidate POLL_INTERVAL_SECONDS.
 * One whole bot per interval, all running at once on their own simulator, fake Slack and database,
 * so the 60 s case takes one window, not four. BENCH_LATENCY_EVENTS events per interval (default
 * 40) appear at random moments of BENCH_LATENCY_SECONDS (default 300).
 */
export default async function latencyBench(): Promise<void> {
  const events = envNumber('BENCH_LATENCY_EVENTS', process.env.BENCH_QUICK ? 10 : 40);
  const windowSeconds = envNumber('BENCH_LATENCY_SECONDS', process.env.BENCH_QUICK ? 120 : 300);
  process.stdout.write(`${INTERVALS_SECONDS.length} bots at once, ${APPS} apps each, ${events} events in ${windowSeconds} s per bot...\n`);
  const results = await Promise.all(INTERVALS_SECONDS.map((pollIntervalSeconds) => measureLivePollLatency({ pollIntervalSeconds, events, windowSeconds, apps: APPS })));
  console.table(results.map(row));
  process.stdout.write(
    "'req/poll/app': requests of the window / cycles seen / apps; 'req/s 1 app' is the 3-app rate / 3 (each app is polled on its own).\n",
  );
}
