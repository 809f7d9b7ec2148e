import { sql } from 'kysely';
import type { Db } from '../figures/common.ts';

/** What `/partner shop` was asked for, already told apart (figures/shopQuery.ts parses the words). */
export type ShopQuery = { by: 'id'; shopId: string } | { by: 'domain'; domain: string } | { by: 'name'; text: string };

/** A shop as a list of matches shows it: its latest stored name and domain (null when REDACTED). */
export interface ShopMatch {
  shopId: string;
  shopName: string | null;
  shopDomain: string | null;
}

const RELATIONSHIP_TYPES = sql`('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED', 'RELATIONSHIP_DEACTIVATED', 'RELATIONSHIP_REACTIVATED')`;

/** `%`, `_` and `\` typed by a user are literal characters, not patterns. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The shops of these apps that match, at most `limit`, ordered by name. An id or a domain names at
 * most one shop; a part of a name is matched against the names and domains of relationship events
 * (see migration 0009), case-insensitively.
 */
export async function findShops(db: Db, connectionId: number, appIds: readonly string[], query: ShopQuery, limit: number): Promise<ShopMatch[]> {
  if (appIds.length === 0) return [];
  const apps = sql`any(${[...appIds]}::text[])`;
  let filter;
  switch (query.by) {
    case 'id':
      filter = sql`shop_id = ${query.shopId}`;
      break;
    case 'domain':
      filter = sql`lower(shop_domain) = ${query.domain.toLowerCase()} and shop_domain is not null`;
      break;
    case 'name': {
      const pattern = likeContains(query.text);
      filter = sql`type in ${RELATIONSHIP_TYPES} and (shop_name ilike ${pattern} or shop_domain ilike ${pattern})`;
      break;
    }
  }
  const { rows } = await sql<{ shop_id: string; shop_name: string | null; shop_domain: string | null }>`
    select shop_id, max(shop_name) as shop_name, max(shop_domain) as shop_domain
    from app_events
    where connection_id = ${connectionId} and app_id = ${apps} and ${filter}
    group by shop_id
    order by lower(max(shop_name)) nulls last, shop_id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ shopId: r.shop_id, shopName: r.shop_name, shopDomain: r.shop_domain }));
}
