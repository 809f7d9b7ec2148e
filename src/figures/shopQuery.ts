import type { ShopQuery } from '../storage/merchants/findShops.ts';

/**
 * What `/partner shop <words>` asks for: a numeric shop id, a gid (gid://partners/Shop/N), a
 * myshopify domain (also as a URL), or else part of the shop's name. Null when nothing was typed.
 */
export function parseShopQuery(args: string): ShopQuery | null {
  const text = args.trim();
  if (text === '') return null;
  if (/^\d{1,20}$/.test(text)) return { by: 'id', shopId: text.replace(/^0+(?=\d)/, '') };
  const gid = /^gid:\/\/(?:partners|shopify)\/Shop\/(\d{1,20})$/i.exec(text);
  if (gid) return { by: 'id', shopId: gid[1]! };
  const domain = /^(?:https?:\/\/)?([a-z0-9][a-z0-9-]*\.myshopify\.com)\/?$/i.exec(text);
  if (domain) return { by: 'domain', domain: domain[1]!.toLowerCase() };
  return { by: 'name', text };
}
