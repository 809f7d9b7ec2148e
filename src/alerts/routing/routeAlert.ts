import type { Kysely, Transaction } from 'kysely';
import type { AlertRoute } from '../../domain/alertRoute.ts';
import type { AppEvent } from '../../domain/appEvent.ts';
import { trailingNumber } from '../../domain/ids.ts';
import { loadShopHistory } from '../../storage/alertSources.ts';
import type { Database } from '../../storage/schema.ts';
import { loadChargeIntervals } from '../../storage/timelines/chargeIntervals.ts';
import { matchRoutes, needsShopFacts, type ChannelDelivery, type Money } from './matchRoutes.ts';
import type { AlertKind } from '../kinds.ts';
import { eventAmount, paidBefore } from './shopFacts.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AlertToRoute {
  eventId: number;
  appId: string;
  kinds: readonly AlertKind[];
  /** The event, and the other half when the alert is a plan change; read only when a rule's filter needs them. */
  events: () => Promise<{ event: AppEvent; partner: { eventId: number; event: AppEvent } | null }>;
}

/**
 * Where an alert goes under the connection's rules now. The shop's history is read only when a rule
 * filters on payment or amount, so the common case (no filters) costs no query.
 */
export async function routeAlert(db: Db, connectionId: number, routes: readonly AlertRoute[], alert: AlertToRoute): Promise<ChannelDelivery[]> {
  if (routes.length === 0) return [];
  let paid: boolean | null = null;
  const amounts: Money[] = [];
  if (needsShopFacts(routes)) {
    const { event, partner } = await alert.events();
    const events = [event, ...(partner ? [partner.event] : [])];
    const exclude = [alert.eventId, ...(partner ? [partner.eventId] : [])];
    // The state just before the earlier of the two halves: before a plan change, the old plan was live.
    const first = events.reduce((a, b) => (a.occurredAt <= b.occurredAt ? a : b));
    const history = await loadShopHistory(db, connectionId, first, exclude);
    paid = paidBefore(history, first);
    const chargeIds = events.map((e) => e.chargeId).filter((id): id is string => id !== null).map(trailingNumber);
    const intervals = await loadChargeIntervals(db, connectionId, chargeIds);
    for (const e of events) {
      const amount = eventAmount(e, intervals);
      if (amount) amounts.push(amount);
    }
  }
  return matchRoutes(routes, { kinds: alert.kinds, appId: alert.appId, paidBefore: paid, amounts });
}
