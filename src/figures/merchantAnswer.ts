import { findShops } from '../storage/merchants/findShops.ts';
import { loadShopRecords } from '../storage/merchants/shopRecords.ts';
import { loadFigureScope, type FigureAnswer, type FigureDeps, type FigureRequest } from './figureScope.ts';
import { merchantFacts } from './merchantFacts.ts';
import { parseShopQuery } from './shopQuery.ts';
import { buildMerchantCard } from './views/merchantCard.ts';
import { buildMerchantList, MAX_MATCHES, noShopMatches } from './views/merchantList.ts';

export const SHOP_USAGE = 'Tell me which shop: `/partner shop <myshopify domain | shop id | part of the name>`.';

/** `shop <query>`: the merchant's card, a list of matches to choose from, or "no shop matches". Stored data only. */
export async function merchantAnswer(deps: FigureDeps, request: FigureRequest): Promise<FigureAnswer> {
  const query = parseShopQuery(request.args);
  if (!query) return { ok: false, error: SHOP_USAGE };
  const loaded = await loadFigureScope(deps, request.workspaceId);
  if (!loaded.ok) return loaded;
  const { scope } = loaded;
  const appIds = scope.tracked.map((a) => a.appId);
  const matches = await findShops(deps.db, scope.connection.id, appIds, query, MAX_MATCHES + 1);
  // While history imports, a shop may simply not be stored yet: the note says so.
  if (matches.length === 0) return { ok: false, error: [noShopMatches(request.args.trim()), ...scope.notes].join(' ') };
  if (matches.length > 1) {
    return { ok: true, message: buildMerchantList(request.args.trim(), matches.slice(0, MAX_MATCHES), matches.length > MAX_MATCHES, scope.notes) };
  }
  return { ok: true, message: await merchantCardFor(deps, scope.connection, scope.tracked, matches[0]!.shopId, scope.notes) };
}

/** The card of one shop of a connection (also what the alert's Merchant button shows). */
export async function merchantCardFor(
  deps: Pick<FigureDeps, 'db'>,
  connection: { id: number; organizationId: string },
  tracked: readonly { appId: string; name: string }[],
  shopId: string,
  notes: string[],
) {
  const records = await loadShopRecords(deps.db, connection.id, tracked.map((a) => a.appId), shopId);
  return buildMerchantCard({ facts: merchantFacts(shopId, records, tracked), organizationId: connection.organizationId, notes });
}
