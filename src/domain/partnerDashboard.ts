/** The Partner Dashboard page of a merchant; null unless both ids are plain numbers (no other URL can be built). */
export function partnerDashboardUrl(organizationId: string, shopId: string): string | null {
  const digits = /^\d{1,20}$/;
  return digits.test(organizationId) && digits.test(shopId) ? `https://partners.shopify.com/${organizationId}/stores/${shopId}` : null;
}
