import type { Kysely, Transaction } from 'kysely';
import type { AlertSettings } from '../domain/connection.ts';
import { replay, shopKey, liveCharges } from '../metrics/state.ts';
import { renewChannelLease, type AlertChannelRef } from '../storage/alertChannels.ts';
import { claimAlerts, findPairPartner, holdAlert, lockDueAlerts, pairAlerts, type OutboxAlert } from '../storage/alertOutbox/claim.ts';
import { skipAlerts } from '../storage/alertOutbox/settle.ts';
import { loadDeliverySettings } from '../storage/alertSettings.ts';
import { listRoutes } from '../storage/alertRoutes.ts';
import { loadEvent, loadShopHistory } from '../storage/alertSources.ts';
import type { Database } from '../storage/schema.ts';
import { alertKindOf, PAIR_TYPES, PAIR_WINDOW_MS, type AlertKind } from './kinds.ts';
import type { AlertRoute } from '../domain/alertRoute.ts';
import { routeAlert } from './routing/routeAlert.ts';

/** A claimed alert with the mentions its channel's matching rules ask for (the rules as they are now). */
export interface RoutedAlert extends OutboxAlert {
  mentions: string[];
}

export interface BatchOptions {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** A pairing candidate waits this long past its partner's 60 s window: the partner must be polled too. */
  holdGraceMs: number;
}

/**
 * Claims the next due alerts of a channel this process leases, in one transaction: pairs a CANCELED
 * with an ACTIVATED of the same (app, shop) within 60 s into one plan-change alert (the other row is
 * skipped), holds an unpaired candidate until its partner could have arrived, skips what is not an
 * alert or what the workspace switched off, then what no routing rule sends to this channel any more
 * (a rule removed or changed while the alert was queued), and claims the rest with their rules'
 * mentions. Null when the lease was lost.
 */
export async function claimBatch(db: Kysely<Database>, ref: AlertChannelRef, options: BatchOptions): Promise<RoutedAlert[] | null> {
  return db.transaction().execute(async (trx) => {
    if (!(await renewChannelLease(trx, ref, options.owner, new Date(options.now.getTime() + options.leaseMs)))) return null;
    const settings = await loadDeliverySettings(trx, ref.connectionId);
    if (!settings) return [];
    const rows = await lockDueAlerts(trx, ref, options.now, options.limit);
    const gone = new Set<number>();
    const ready: RoutedAlert[] = [];
    let routes: AlertRoute[] | null = null;
    const skip = new Map<string, number[]>();
    const skipFor = (reason: string, id: number) => skip.set(reason, [...(skip.get(reason) ?? []), id]);

    for (const row of rows) {
      if (gone.has(row.id)) continue;
      let kind = alertKindOf(row.event.type);
      if (kind === null) {
        skipFor('not an alert kind', row.id);
        continue;
      }
      if (row.pairedEventId !== null) kind = 'plan_change';
      else if (isPairable(row.event.type)) {
        const paired = await pair(trx, ref, row, options.now);
        if (paired === 'skipped') {
          gone.add(row.id);
          continue;
        }
        if (paired !== null) {
          gone.add(paired);
          kind = 'plan_change';
        } else if (row.heldUntil === null && (await needsHold(trx, ref.connectionId, row))) {
          const until = new Date(Math.max(options.now.getTime(), Date.parse(row.event.occurredAt) + PAIR_WINDOW_MS + options.holdGraceMs));
          await holdAlert(trx, row.id, until);
          continue;
        }
      }
      // Global alert settings filter first; then the rules decide, with the kind as it is now (a plan change).
      const hidden = hiddenBySettings(settings, kind, row);
      if (hidden) {
        skipFor(hidden, row.id);
        continue;
      }
      routes ??= await listRoutes(trx, ref.connectionId);
      const mentions = await mentionsHere(trx, ref, routes, row, kind);
      if (mentions === null) skipFor('no routing rule sends this alert to this channel any more', row.id);
      else ready.push({ ...row, mentions });
    }
    for (const [reason, ids] of skip) await skipAlerts(trx, ids, reason);
    await claimAlerts(trx, ready.map((r) => r.id), options.owner, new Date(options.now.getTime() + options.leaseMs));
    return ready;
  });
}

/** The mentions of the rules that send `row` to this channel now, or null when none does. */
async function mentionsHere(trx: Transaction<Database>, ref: AlertChannelRef, routes: AlertRoute[], row: OutboxAlert, kind: AlertKind): Promise<string[] | null> {
  const deliveries = await routeAlert(trx, ref.connectionId, routes, {
    eventId: row.eventId,
    appId: row.event.appId,
    kinds: [kind],
    events: async () => {
      const partner = row.pairedEventId !== null ? await loadEvent(trx, row.pairedEventId) : null;
      return { event: row.event, partner: partner && row.pairedEventId !== null ? { eventId: row.pairedEventId, event: partner } : null };
    },
  });
  return deliveries.find((d) => d.channelId === ref.channelId)?.mentions ?? null;
}

function isPairable(type: string): boolean {
  return type === PAIR_TYPES.canceled || type === PAIR_TYPES.activated;
}

/**
 * Pairs `row` with a queued partner. The earlier of the two (by occurredAt, then queue order) carries
 * the plan change, so the choice does not depend on which row a process saw first. Returns the
 * partner's outbox id when `row` carries, 'skipped' when the partner carries, null with no partner.
 */
async function pair(trx: Transaction<Database>, ref: AlertChannelRef, row: OutboxAlert, now: Date): Promise<number | 'skipped' | null> {
  const partnerType = row.event.type === PAIR_TYPES.canceled ? PAIR_TYPES.activated : PAIR_TYPES.canceled;
  const partner = await findPairPartner(trx, ref, row, partnerType, PAIR_WINDOW_MS);
  if (!partner) return null;
  const rowFirst = row.event.occurredAt < partner.event.occurredAt || (row.event.occurredAt === partner.event.occurredAt && row.id < partner.id);
  if (rowFirst) {
    await pairAlerts(trx, row.id, { outboxId: partner.id, eventId: partner.eventId }, now);
    row.pairedEventId = partner.eventId;
    return partner.id;
  }
  await pairAlerts(trx, partner.id, { outboxId: row.id, eventId: row.eventId }, now);
  return 'skipped';
}

/**
 * A cancellation may be the first half of a plan change: it always waits for a partner. An activation
 * waits only when the shop had another live subscription it replaces (otherwise it is a new
 * subscription and posts at once, keeping live latency low).
 */
async function needsHold(trx: Transaction<Database>, connectionId: number, row: OutboxAlert): Promise<boolean> {
  if (row.event.type === PAIR_TYPES.canceled) return true;
  const history = await loadShopHistory(trx, connectionId, row.event, [row.eventId]);
  const shop = replay(history).get(shopKey(row.event.appId, row.event.shopId));
  return shop !== undefined && liveCharges(shop).some((c) => c.chargeId !== row.event.chargeId);
}

function hiddenBySettings(settings: AlertSettings, kind: AlertKind, row: OutboxAlert): string | null {
  if (settings.disabledKinds?.includes(kind)) return `${kind} alerts are switched off in alert settings`;
  if (row.event.test && settings.hideTestCharges) return 'test charges are hidden in alert settings';
  return null;
}
