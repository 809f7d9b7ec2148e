import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';
import { recordChargeIntervals, recordTestCharges } from '../../src/storage/timelines/chargeFacts.ts';
import { rebuildAllSegments } from '../../src/storage/timelines/shopSegments.ts';
import { toStoredInstant } from '../../src/storage/typeParsers.ts';
import { generateDataSet, type SimDataSet } from '../../test/fakes/partnerApi/index.ts';
import { toDomain, type DomainData } from '../../test/helpers/simDomain.ts';

export interface BenchData extends DomainData {
  apps: { appId: string; name: string }[];
}

/**
 * A workspace's worth of realistic data: `apps` simulated apps of the Partner API simulator's
 * generator, two years up to `end`, trimmed to the wanted totals. Each app's charge and transaction
 * ids are moved into a range of their own (the generator numbers every data set from the same start).
 */
export function benchDataSet(options: { apps: number; events: number; transactions: number; end: Date; seed?: number }): BenchData {
  const perAppEvents = Math.ceil(options.events / options.apps);
  const perAppTransactions = Math.ceil(options.transactions / options.apps);
  const start = new Date(options.end.getTime() - 730 * 86_400_000).toISOString();
  const merged: SimDataSet = { shops: [], events: [], transactions: [] };
  const apps: BenchData['apps'] = [];
  for (let i = 0; i < options.apps; i++) {
    const appNumber = 5000 + i;
    const data = generateDataSet({ appId: `gid://partners/App/${appNumber}`, seed: (options.seed ?? 1) + i, targetEvents: perAppEvents, start, end: options.end.toISOString(), firstShopNumber: 1_000_000 });
    const moved = (gid: string) => gid.replace(/(\d+)$/, (n) => String(Number(n) + i * 100_000_000));
    merged.shops.push(...data.shops);
    merged.events.push(...data.events.slice(0, perAppEvents).map((e) => (e.charge ? { ...e, charge: { ...e.charge, id: moved(e.charge.id) } } : e)));
    // Keep an evenly spread share of the transactions (every k-th), so every month keeps revenue.
    const step = Math.max(1, data.transactions.length / perAppTransactions);
    for (let k = 0; k < perAppTransactions && Math.floor(k * step) < data.transactions.length; k++) {
      const t = data.transactions[Math.floor(k * step)]!;
      merged.transactions.push({ ...t, id: moved(t.id), chargeId: t.chargeId ? moved(t.chargeId) : null });
    }
    apps.push({ appId: String(appNumber), name: `Bench App ${i + 1}` });
  }
  return { ...toDomain(merged), apps };
}

/**
 * Loads the data in bulk (multi-row inserts from one JSON parameter per 5,000 rows) instead of page by
 * page, then builds the precomputed state with the same functions ingest uses: recordTestCharges and
 * recordChargeIntervals on the same records, and rebuildAllSegments (the bulk form of the per-shop
 * refresh, covered by the precomputed-equals-replay test).
 */
export async function bulkLoad(db: Kysely<Database>, connectionId: number, data: BenchData, log: (line: string) => void): Promise<void> {
  const batch = 5000;
  let t0 = Date.now();
  for (let i = 0; i < data.events.length; i += batch) {
    const rows = data.events.slice(i, i + batch).map(({ event: e }) => ({
      app_id: e.appId, shop_id: e.shopId, type: e.type, occurred_at: toStoredInstant(e.occurredAt), charge_id: e.chargeId ?? '',
      shop_domain: e.shopDomain, shop_name: e.shopName, charge_name: e.chargeName, amount: e.amount?.toString() ?? null, currency: e.currency,
      test: e.test, billing_on: e.billingOn, reason: e.reason, description: e.description,
    }));
    await sql`
      insert into app_events (connection_id, app_id, shop_id, type, occurred_at, charge_id, shop_domain, shop_name, charge_name, amount, currency, test, billing_on, reason, description, raw, source)
      select ${connectionId}, x.app_id, x.shop_id, x.type, x.occurred_at, x.charge_id, x.shop_domain, x.shop_name, x.charge_name, x.amount, x.currency, x.test, x.billing_on, x.reason, x.description, '{}'::jsonb, 'backfill'
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(app_id text, shop_id text, type text, occurred_at timestamptz, charge_id text, shop_domain text, shop_name text, charge_name text, amount numeric, currency text, test boolean, billing_on timestamptz, reason text, description text)
      on conflict do nothing`.execute(db);
  }
  log(`  events stored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  t0 = Date.now();
  for (let i = 0; i < data.transactions.length; i += batch) {
    const rows = data.transactions.slice(i, i + batch).map(({ transaction: t }) => ({
      id: t.id, app_id: t.appId, typename: t.typename, kind: t.kind, shop_id: t.shopId, shop_domain: t.shopDomain, charge_id: t.chargeId,
      billing_interval: t.billingInterval, created_at: toStoredInstant(t.createdAt), gross_amount: t.gross?.amount.toString() ?? null,
      gross_currency: t.gross?.currency ?? null, net_amount: t.net.amount.toString(), net_currency: t.net.currency,
    }));
    await sql`
      insert into transactions (connection_id, id, app_id, typename, kind, shop_id, shop_domain, charge_id, billing_interval, created_at, gross_amount, gross_currency, net_amount, net_currency, raw)
      select ${connectionId}, x.id, x.app_id, x.typename, x.kind, x.shop_id, x.shop_domain, x.charge_id, x.billing_interval, x.created_at, x.gross_amount, x.gross_currency, x.net_amount, x.net_currency, '{}'::jsonb
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, app_id text, typename text, kind text, shop_id text, shop_domain text, charge_id text, billing_interval text, created_at timestamptz, gross_amount numeric, gross_currency text, net_amount numeric, net_currency text)
      on conflict do nothing`.execute(db);
    await db.transaction().execute((trx) => recordChargeIntervals(trx, connectionId, data.transactions.slice(i, i + batch).map((r) => r.transaction)));
  }
  log(`  transactions stored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  t0 = Date.now();
  for (let i = 0; i < data.events.length; i += batch) {
    await db.transaction().execute((trx) => recordTestCharges(trx, connectionId, data.events.slice(i, i + batch).map((r) => r.event)));
  }
  const segments = await rebuildAllSegments(db, connectionId);
  log(`  precomputed state built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${segments.toLocaleString('en-US')} segments)`);
}
