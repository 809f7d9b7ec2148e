import type { Kysely } from 'kysely';
import type { OutboxAlert } from '../storage/alertOutbox/claim.ts';
import { latestEarlierSentAlert, organizationOf } from '../storage/alertSources.ts';
import type { Database } from '../storage/schema.ts';
import type { AlertView } from './alertView.ts';

/** A shop's earlier alert counts as context for this long (issue 13: "installed 52 min ago"). */
export const EARLIER_ALERT_WINDOW_MS = 24 * 3_600_000;

/**
 * What one alert's message adds beyond its events: the organization (Partner Dashboard and Merchant
 * buttons) and the same shop's latest alert already sent in this alert's channel within 24 hours.
 * The channel is the outbox row's own, so the line never mentions a post the reader cannot see.
 */
export async function loadAlertContext(db: Kysely<Database>, connectionId: number, alert: OutboxAlert): Promise<Pick<AlertView, 'links' | 'earlier'>> {
  const [organizationId, earlier] = await Promise.all([
    organizationOf(db, connectionId),
    latestEarlierSentAlert(db, connectionId, alert.id, alert.event, EARLIER_ALERT_WINDOW_MS),
  ]);
  return { ...(organizationId !== null ? { links: { connectionId, organizationId } } : {}), earlier };
}
