import type { MerchantFacts } from '../../../src/figures/merchantFacts.ts';
import { buildMerchantCard } from '../../../src/figures/views/merchantCard.ts';
import { buildMerchantList, noShopMatches } from '../../../src/figures/views/merchantList.ts';
import { fallbackText } from '../../../src/slackApi/mrkdwn.ts';
import type { Built, World } from './everyView.ts';

/** The merchant card (issue 13) with every hostile value of the draw, `w.days` events and reasons; the match list; "no shop matches". */
export function merchantViews(w: World): Built[] {
  const facts: MerchantFacts = {
    shopId: w.test ? '77' : w.typed,
    shopName: w.shopName,
    shopDomain: w.shopDomain,
    apps: w.appNames.map((name, i) => ({
      appId: String(i), appName: name, install: (['installed', 'uninstalled', 'closed', 'never'] as const)[i % 4]!, firstInstall: w.occurredAt, reinstalls: w.days,
      plan: { name: w.chargeName, status: 'live', monthly: { amount: w.amount, currency: w.currency }, intervalUnknown: w.test, test: w.test },
      payingSince: w.occurredAt, revenue: w.currencies.map((currency) => ({ currency, net: w.amount })),
    })),
    lastEvents: Array.from({ length: Math.min(w.days, 10) }, (_, i) => ({ appName: w.appName, type: i % 2 ? w.eventType : 'RELATIONSHIP_INSTALLED', occurredAt: w.occurredAt, test: w.test })),
    eventCount: w.days,
    uninstalls: Array.from({ length: w.days }, () => ({ appName: w.appName, occurredAt: w.occurredAt, reasons: w.reasons, description: w.description })),
  };
  const matches = Array.from({ length: 10 }, (_, i) => ({ shopId: String(i), shopName: w.shopName, shopDomain: w.shopDomain }));
  return [
    { name: 'merchant card', kind: 'message', surface: buildMerchantCard({ facts, organizationId: w.organizationId, notes: ['Importing history: 62% — figures so far.'] }), allowed: [] },
    { name: 'merchant list', kind: 'message', surface: buildMerchantList(w.typed, matches, w.test, []), allowed: [] },
    { name: 'no shop matches', kind: 'reply', surface: fallbackText(noShopMatches(w.typed)), allowed: [] },
  ];
}
