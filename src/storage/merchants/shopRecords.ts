import { sql } from 'kysely';
import type { AppEvent } from '../../domain/appEvent.ts';
import type { BillingInterval } from '../../domain/transaction.ts';
import type { Db } from '../figures/common.ts';
import { loadChargeIntervals } from '../timelines/chargeIntervals.ts';
import { EVENT_COLUMNS, toAppEvent } from '../timelines/storedEvents.ts';

/** Lifetime net revenue of one app from one shop in one currency, test charges left out. */
export interface ShopRevenue {
  appId: string;
  currency: string;
  /** Exact decimal, as the database summed it. */
  net: string;
  transactions: number;
}

/** Everything stored about one shop for the merchant card: its events, charge facts and revenue. */
export interface ShopRecords {
  events: AppEvent[];
  intervals: Map<string, BillingInterval>;
  /** Charges any event marked as a test (test_charges), for the plan's [TEST] mark. */
  testChargeIds: Set<string>;
  revenue: ShopRevenue[];
}

export async function loadShopRecords(db: Db, connectionId: number, appIds: readonly string[], shopId: string): Promise<ShopRecords> {
  if (appIds.length === 0) return { events: [], intervals: new Map(), testChargeIds: new Set(), revenue: [] };
  const apps = sql<string>`any(${[...appIds]}::text[])`;
  const [rows, revenue] = await Promise.all([
    db
      .selectFrom('app_events')
      .select([...EVENT_COLUMNS])
      .where('connection_id', '=', connectionId)
      .where('shop_id', '=', shopId)
      .where('app_id', '=', apps)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute(),
    sql<{ app_id: string; currency: string; net: string; transactions: number }>`
      select t.app_id, upper(t.net_currency) as currency, sum(t.net_amount)::text as net, count(*)::int as transactions
      from transactions t
      left join test_charges tc on tc.connection_id = t.connection_id and tc.charge_id = t.charge_id
      where t.connection_id = ${connectionId} and t.shop_id = ${shopId} and t.app_id = ${apps} and tc.charge_id is null
      group by t.app_id, upper(t.net_currency)
      order by t.app_id, upper(t.net_currency)`.execute(db),
  ]);
  const events = rows.map(toAppEvent);
  const chargeIds = [...new Set(events.map((e) => e.chargeId).filter((id): id is string => id !== null))];
  const [intervals, tests] = await Promise.all([
    loadChargeIntervals(db, connectionId, chargeIds),
    chargeIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('test_charges').select('charge_id').where('connection_id', '=', connectionId).where('charge_id', '=', sql<string>`any(${chargeIds}::text[])`).execute(),
  ]);
  return {
    events,
    intervals,
    testChargeIds: new Set(tests.map((t) => t.charge_id)),
    revenue: revenue.rows.map((r) => ({ appId: r.app_id, currency: r.currency, net: r.net, transactions: r.transactions })),
  };
}
