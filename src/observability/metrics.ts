import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The bot's Prometheus metrics (operations, not the business figures of src/metrics/). Labels take
 * values from short fixed vocabularies only (outcomes, error codes, Slack method names), never a
 * workspace, organization, channel or token, so the number of series stays bounded.
 */
export interface Metrics {
  /** One registry per bot: tests run several bots in one process. GET /metrics reads it. */
  registry: Registry;
  /** Sync cycles by outcome: "ok", the failure's code (partner_transient...), or "crashed". */
  pollCycles: Counter<'outcome'>;
  /** Alerts Slack accepted (a grouped message counts each alert in it). */
  alertsPosted: Counter;
  /** Seconds from an event's occurredAt in the Partner API to its alert posted in Slack. */
  detectionLag: Histogram;
  /** Web API calls by method and outcome: ok, Slack's error code, rate_limited or transient. */
  slackApiCalls: Counter<'method' | 'outcome'>;
  /** Partner API HTTP attempts by GraphQL operation and outcome (partner/callOutcome.ts). */
  partnerApiCalls: Counter<'operation' | 'outcome'>;
}

// Polls run every minute by default and the Partner API shows an event after a delay of its own:
// the buckets reach from seconds to hours, where a stuck queue shows.
const LAG_BUCKETS_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 10_800];

/** Builds a registry with the process metrics (CPU, memory, event loop lag) and partnerbot's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    pollCycles: new Counter({
      name: 'partnerbot_poll_cycles_total',
      help: 'Sync cycles (live poll, then history import) by outcome: ok, the failure code, or crashed.',
      labelNames: ['outcome'],
      registers,
    }),
    alertsPosted: new Counter({
      name: 'partnerbot_alerts_posted_total',
      help: 'Alerts Slack accepted; each alert of a grouped message counts.',
      registers,
    }),
    detectionLag: new Histogram({
      name: 'partnerbot_alert_detection_lag_seconds',
      help: "Seconds from an event's occurredAt in the Partner API to its alert posted in Slack.",
      buckets: LAG_BUCKETS_SECONDS,
      registers,
    }),
    slackApiCalls: new Counter({
      name: 'partnerbot_slack_api_calls_total',
      help: "Slack Web API calls by method and outcome: ok, Slack's error code, rate_limited, or transient (5xx, timeout, network).",
      labelNames: ['method', 'outcome'],
      registers,
    }),
    partnerApiCalls: new Counter({
      name: 'partnerbot_partner_api_calls_total',
      help: 'Partner API HTTP attempts (retries count) by GraphQL operation and outcome: ok, throttled, server_error, timeout...',
      labelNames: ['operation', 'outcome'],
      registers,
    }),
  };
}
