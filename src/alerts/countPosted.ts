import type { Metrics } from '../observability/metrics.ts';
import type { OutboxAlert } from '../storage/alertOutbox/claim.ts';

export type DeliveryMetrics = Pick<Metrics, 'alertsPosted' | 'detectionLag'>;

/**
 * Counts alerts Slack accepted. With the moment of the post, each alert's detection lag (event
 * occurred → alert in Slack) is observed too: it is what a user waits for an alert.
 */
export function countPosted(metrics: DeliveryMetrics | undefined, alerts: OutboxAlert[], postedAt: Date | null): void {
  if (!metrics) return;
  metrics.alertsPosted.inc(alerts.length);
  if (!postedAt) return;
  for (const alert of alerts) {
    metrics.detectionLag.observe(Math.max(0, (postedAt.getTime() - Date.parse(alert.event.occurredAt)) / 1000));
  }
}
