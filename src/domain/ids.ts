/**
 * Partner API ids arrive as gids in two namespaces (gid://shopify/AppSubscription/42 and
 * gid://partners/AppSubscription/42 are the same charge). partnerbot keys everything on the
 * trailing number.
 */
export function trailingNumber(gid: string): string {
  const match = /(\d+)\s*$/.exec(gid);
  return match ? match[1]! : gid;
}

export function appGid(appId: string): string {
  return `gid://partners/App/${appId}`;
}

export function shopGid(shopId: string): string {
  return `gid://partners/Shop/${shopId}`;
}
