import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { SimDataStore, type SimApp } from './dataStore.ts';
import { InvalidCursorError, type PageQuery, type SortedStore } from './sortedStore.ts';
import { toMicroIso } from './time.ts';
import type { SimCharge, SimEvent, SimTransaction } from './types.ts';

export interface Caller {
  orgId: string;
  manageApps: boolean;
  viewFinancials: boolean;
}

export interface ExecuteOptions {
  schema: GraphQLSchema;
  store: SimDataStore;
  caller: Caller;
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  maxPageSize: number;
  defaultPageSize: number;
  versions: readonly string[];
}

type Json = Record<string, unknown>;

const CHARGE_TYPENAME: Record<SimCharge['kind'], string> = {
  subscription: 'AppSubscription',
  one_time: 'AppPurchaseOneTime',
  usage: 'AppUsageRecord',
  credit: 'AppCredit',
};

// Parsing and validating the same few documents thousands of times per bench is wasted work.
const documentCache = new Map<string, { document?: DocumentNode; errors: Json[] }>();

function shopifyStyle(error: GraphQLError): Json {
  const undefinedField = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message);
  if (undefinedField) {
    const [, fieldName, typeName] = undefinedField;
    return {
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
      locations: error.locations,
      extensions: { code: 'undefinedField', typeName, fieldName },
    };
  }
  return { message: error.message, locations: error.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
}

function prepare(schema: GraphQLSchema, query: string): { document?: DocumentNode; errors: Json[] } {
  let entry = documentCache.get(query);
  if (!entry) {
    try {
      const document = parse(query);
      const errors = validate(schema, document).map(shopifyStyle);
      entry = errors.length > 0 ? { errors } : { document, errors };
    } catch (error) {
      entry = { errors: [{ message: (error as Error).message, extensions: { code: 'parseError' } }] };
    }
    if (documentCache.size > 200) documentCache.clear();
    documentCache.set(query, entry);
  }
  return entry;
}

/** Runs one request against the real schema; returns the JSON body the API would send. */
export function executeRequest(options: ExecuteOptions): Promise<Json> | Json {
  const { document, errors } = prepare(options.schema, options.query);
  if (!document) return { errors };
  const result = execute({
    schema: options.schema,
    document,
    rootValue: rootResolvers(options),
    contextValue: options.caller,
    variableValues: options.variables ?? undefined,
    operationName: options.operationName ?? undefined,
  });
  const toJson = (r: Awaited<typeof result>): Json => {
    const body: Json = {};
    if (r.errors) body.errors = r.errors.map((e) => e.toJSON());
    if ('data' in r) body.data = r.data;
    return body;
  };
  return result instanceof Promise ? result.then(toJson) : toJson(result);
}

function accessDenied(field: string, permission: string): GraphQLError {
  return new GraphQLError(`Access denied for ${field} field. Required access: "${permission}" permission on the Partner API client.`, {
    extensions: { code: 'ACCESS_DENIED', requiredAccess: permission },
  });
}

type PageArgs = { first: number; after: string | null; last?: undefined } | { last: number; before: string | null; first?: undefined };

function pageArgs(args: Json, options: ExecuteOptions): PageArgs {
  const count = (name: string): number => {
    const n = Number(args[name]);
    if (!Number.isInteger(n) || n < 0) throw new GraphQLError(`Argument ${name} must be a non-negative integer`);
    return Math.min(n, options.maxPageSize);
  };
  if (args.last != null || args.before != null) {
    if (args.first != null || args.after != null) throw new GraphQLError('The Partner API simulator does not mix first/after with last/before');
    return { last: args.last == null ? options.defaultPageSize : count('last'), before: (args.before as string | null) ?? null };
  }
  return { first: args.first == null ? options.defaultPageSize : count('first'), after: (args.after as string | null) ?? null };
}

function bound(value: unknown, name: string): string | null {
  if (value == null) return null;
  try {
    return toMicroIso(String(value));
  } catch {
    throw new GraphQLError(`Argument ${name} is not a valid DateTime: ${String(value)}`);
  }
}

function pageOf<T>(store: SortedStore<T>, query: PageArgs & Omit<PageQuery<T>, 'first' | 'after'>, toNode: (item: T) => Json): Json {
  try {
    if (query.last !== undefined) {
      const { items, hasPreviousPage } = store.pageLast(query);
      return { edges: items.map(({ item, cursor }) => ({ cursor, node: toNode(item) })), pageInfo: { hasNextPage: query.before != null, hasPreviousPage } };
    }
    const { items, hasNextPage } = store.page(query);
    return {
      edges: items.map(({ item, cursor }) => ({ cursor, node: toNode(item) })),
      pageInfo: { hasNextPage, hasPreviousPage: query.after != null },
    };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new GraphQLError(error.message);
    throw error;
  }
}

function trailing(id: unknown): string {
  return /(\d+)\s*$/.exec(String(id))?.[1] ?? String(id);
}

function rootResolvers(options: ExecuteOptions): Json {
  const { store } = options;
  const shopNode = (shopId: string | null): Json | null => {
    if (!shopId) return null;
    const shop = store.shops.get(shopId);
    return { __typename: 'Shop', id: shopId, myshopifyDomain: shop?.myshopifyDomain ?? 'REDACTED', name: shop?.name ?? 'REDACTED', avatarUrl: null };
  };
  const appNode = (app: SimApp): Json => ({
    __typename: 'App',
    id: app.id,
    name: app.name,
    apiKey: app.apiKey,
    events: (args: Json) => eventsConnection(app, args),
  });
  const chargeNode = (charge: SimCharge): Json => ({ __typename: CHARGE_TYPENAME[charge.kind], billingOn: null, ...charge });
  const eventNode = (app: SimApp, event: SimEvent): Json => {
    const node: Json = {
      __typename: event.typename,
      type: event.type,
      occurredAt: event.occurredAt,
      shop: shopNode(event.shopId),
      app: appNode(app),
      reason: event.reason ?? null,
      description: event.description ?? null,
    };
    if (event.charge) node[event.charge.kind === 'credit' ? 'appCredit' : 'charge'] = chargeNode(event.charge);
    return node;
  };
  const eventsConnection = (app: SimApp, args: Json): Json => {
    const types = Array.isArray(args.types) && args.types.length > 0 ? new Set(args.types as string[]) : null;
    const shopId = args.shopId == null ? null : String(args.shopId);
    const chargeId = args.chargeId == null ? null : trailing(args.chargeId);
    const filter =
      types || shopId || chargeId
        ? (e: SimEvent) =>
            (!types || types.has(e.type)) && (!shopId || e.shopId === shopId) && (!chargeId || (e.charge != null && trailing(e.charge.id) === chargeId))
        : undefined;
    return pageOf(
      store.events(app.id),
      { ...pageArgs(args, options), min: bound(args.occurredAtMin, 'occurredAtMin'), max: bound(args.occurredAtMax, 'occurredAtMax'), filter },
      (e) => eventNode(app, e),
    );
  };
  const transactionNode = (tx: SimTransaction): Json => {
    const app = store.apps.get(tx.appId);
    return { ...tx, __typename: tx.typename, app: app ? appNode(app) : null, shop: shopNode(tx.shopId) };
  };

  return {
    app: (args: Json, caller: Caller) => {
      if (!caller.manageApps) throw accessDenied('app', 'Manage apps');
      const app = store.apps.get(String(args.id));
      return app && app.orgId === caller.orgId ? appNode(app) : null;
    },
    transactions: (args: Json, caller: Caller) => {
      if (!caller.viewFinancials) throw accessDenied('transactions', 'View financials');
      const appId = args.appId == null ? null : String(args.appId);
      if (appId && store.apps.get(appId)?.orgId !== caller.orgId) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } };
      const types = Array.isArray(args.types) && args.types.length > 0 ? new Set(args.types as string[]) : null;
      const shopId = args.shopId == null ? null : String(args.shopId);
      const domain = args.myshopifyDomain == null ? null : String(args.myshopifyDomain);
      const filter =
        types || shopId || domain
          ? (tx: SimTransaction) =>
              (!types || types.has(SimDataStore.transactionType(tx) ?? '')) &&
              (!shopId || tx.shopId === shopId) &&
              (!domain || (tx.shopId != null && store.shops.get(tx.shopId)?.myshopifyDomain === domain))
          : undefined;
      return pageOf(
        store.transactions(caller.orgId, appId),
        { ...pageArgs(args, options), min: bound(args.createdAtMin, 'createdAtMin'), max: bound(args.createdAtMax, 'createdAtMax'), filter },
        transactionNode,
      );
    },
    publicApiVersions: () => options.versions.map((handle) => ({ handle, displayName: handle, supported: true })),
  };
}
