import type { Kysely } from 'kysely';
import type { AppEvent } from '../domain/appEvent.ts';
import type { OutboxAlert } from '../storage/alertOutbox/claim.ts';
import { appName, loadEvent, loadShopHistory } from '../storage/alertSources.ts';
import { loadChargeIntervals } from '../storage/timelines/chargeIntervals.ts';
import type { Database } from '../storage/schema.ts';
import { buildAlertMessage, type AlertMessage } from './views/alertMessage.ts';
import { buildGroupedMessage } from './views/groupedMessage.ts';
import type { AlertView } from './alertView.ts';
import { describeAlert } from './describe.ts';
import { loadAlertContext } from './alertContext.ts';

/** The view of one alert, with the shop's history replayed for reinstall, tenure and MRR lost. */
export async function loadAlertView(db: Kysely<Database>, connectionId: number, alert: OutboxAlert, withHistory: boolean): Promise<AlertView | null> {
  const partner: AppEvent | null = alert.pairedEventId !== null ? await loadEvent(db, alert.pairedEventId) : null;
  const exclude = [alert.eventId, ...(alert.pairedEventId !== null ? [alert.pairedEventId] : [])];
  const history = withHistory ? await loadShopHistory(db, connectionId, alert.event, exclude) : [];
  const chargeIds = [alert.event.chargeId, partner?.chargeId, ...history.map((e) => e.chargeId)].filter((id): id is string => Boolean(id));
  const intervals = await loadChargeIntervals(db, connectionId, [...new Set(chargeIds)]);
  return describeAlert({ event: alert.event, partner, history, intervals, appName: await appName(db, connectionId, alert.event.appId) });
}

export async function renderAlert(db: Kysely<Database>, connectionId: number, alert: OutboxAlert): Promise<AlertMessage | null> {
  const view = await loadAlertView(db, connectionId, alert, true);
  // Issue 13 (merchant lookup): buttons and "installed 52 min ago" need the org and this row's channel.
  return view ? buildAlertMessage({ ...view, ...(await loadAlertContext(db, connectionId, alert)) }) : null;
}

/** A burst as one message; the lines need no history, so this stays one query per alert at most. */
export async function renderGrouped(db: Kysely<Database>, connectionId: number, alerts: OutboxAlert[]): Promise<AlertMessage> {
  const views: AlertView[] = [];
  for (const alert of alerts) {
    const view = await loadAlertView(db, connectionId, alert, false);
    if (view) views.push(view);
  }
  return buildGroupedMessage(views);
}
