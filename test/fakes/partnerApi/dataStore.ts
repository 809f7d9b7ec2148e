import { EVENT_TYPENAME, TRANSACTION_TYPE_BY_TYPENAME, type SimEvent, type SimShop, type SimTransaction } from './types.ts';
import { SortedStore } from './sortedStore.ts';
import { toMicroIso } from './time.ts';

export interface SimApp {
  /** gid://partners/App/N */
  id: string;
  name: string;
  apiKey: string;
  orgId: string;
}

/** In-memory Partner data: apps per org, events per app, transactions per org and per app. */
export class SimDataStore {
  readonly apps = new Map<string, SimApp>();
  readonly shops = new Map<string, SimShop>();
  private readonly eventsByApp = new Map<string, SortedStore<SimEvent>>();
  private readonly txByOrg = new Map<string, SortedStore<SimTransaction>>();
  private readonly txByApp = new Map<string, SortedStore<SimTransaction>>();

  addApp(app: SimApp): void {
    this.apps.set(app.id, app);
  }

  addShops(shops: readonly SimShop[]): void {
    for (const shop of shops) this.shops.set(shop.id, shop);
  }

  appendEvents(events: readonly SimEvent[]): void {
    const byApp = new Map<string, Array<{ at: string; item: SimEvent }>>();
    for (const raw of events) {
      const event = { ...raw, occurredAt: toMicroIso(raw.occurredAt), typename: raw.typename || EVENT_TYPENAME[raw.type] || 'RelationshipInstalled' };
      this.requireApp(event.appId);
      let list = byApp.get(event.appId);
      if (!list) byApp.set(event.appId, (list = []));
      list.push({ at: event.occurredAt, item: event });
    }
    for (const [appId, list] of byApp) this.storeFor(this.eventsByApp, appId, 'e').insertMany(list);
  }

  appendTransactions(transactions: readonly SimTransaction[]): void {
    const byOrg = new Map<string, Array<{ at: string; item: SimTransaction }>>();
    const byApp = new Map<string, Array<{ at: string; item: SimTransaction }>>();
    for (const raw of transactions) {
      const tx = { ...raw, createdAt: toMicroIso(raw.createdAt) };
      const app = this.requireApp(tx.appId);
      const entry = { at: tx.createdAt, item: tx };
      (byOrg.get(app.orgId) ?? byOrg.set(app.orgId, []).get(app.orgId)!).push(entry);
      (byApp.get(tx.appId) ?? byApp.set(tx.appId, []).get(tx.appId)!).push(entry);
    }
    for (const [orgId, list] of byOrg) this.storeFor(this.txByOrg, orgId, 'to').insertMany(list);
    for (const [appId, list] of byApp) this.storeFor(this.txByApp, appId, 'ta').insertMany(list);
  }

  events(appId: string): SortedStore<SimEvent> {
    return this.storeFor(this.eventsByApp, appId, 'e');
  }

  /** Transactions of an org, optionally of one app only (both stores share cursor format). */
  transactions(orgId: string, appId?: string | null): SortedStore<SimTransaction> {
    return appId ? this.storeFor(this.txByApp, appId, 'ta') : this.storeFor(this.txByOrg, orgId, 'to');
  }

  static transactionType(tx: SimTransaction): string | undefined {
    return TRANSACTION_TYPE_BY_TYPENAME[tx.typename];
  }

  private requireApp(appId: string): SimApp {
    const app = this.apps.get(appId);
    if (!app) throw new Error(`Simulator: unknown app ${appId}; add it to an org first`);
    return app;
  }

  private storeFor<T>(map: Map<string, SortedStore<T>>, key: string, prefix: string): SortedStore<T> {
    let store = map.get(key);
    if (!store) map.set(key, (store = new SortedStore<T>(prefix)));
    return store;
  }
}
