import { createPrng, type Prng } from './prng.ts';
import { microIsoFromMs } from './time.ts';
import { EVENT_TYPENAME, type SimCharge, type SimDataSet, type SimEvent, type SimMoney, type SimShop, type SimTransaction } from './types.ts';

export interface GenerateOptions {
  seed?: number;
  /** gid://partners/App/N */
  appId: string;
  /** Shops to simulate (each has one or more install episodes). Default 100. */
  shops?: number;
  /** Stop adding shops once both targets are reached (sizes are then at least these). */
  targetEvents?: number;
  targetTransactions?: number;
  start?: string;
  end?: string;
  /** First shop number; shop ids are gid://partners/Shop/<firstShopNumber + i>. */
  firstShopNumber?: number;
}

const DAY = 86_400_000;
const PLANS = [
  { name: 'Basic', cents: 999 },
  { name: 'Pro', cents: 1900 },
  { name: 'Plus', cents: 2900 },
  { name: 'Growth', cents: 4950 },
  { name: 'Enterprise', cents: 9900 },
];
// Processing-fee gaps between gross and net that merchants show (2.9 % … 5.9 %).
const DEDUCTIONS = [0.029, 0.02895, 0.049, 0.04895, 0.059, 0.05895];
const REASONS: Record<string, string[]> = {
  en: ['Not working as expected', 'Too expensive', 'Found a better app', 'Testing multiple apps', 'Missing features', 'Difficult to use', 'No longer needed'],
  de: ['Testen mehrerer Apps', 'Zu teuer', 'Funktioniert nicht wie erwartet', 'Fehlende Funktionen', 'Wird nicht mehr benötigt'],
  fr: ['Test de plusieurs applications', 'Trop cher', 'Ne fonctionne pas comme prévu', 'Fonctionnalités manquantes'],
  es: ['Probando varias aplicaciones', 'Demasiado caro', 'Ya no es necesaria'],
};
const DESCRIPTIONS = [
  'We moved to another platform.',
  'Great app, but we closed the store for the season.',
  'Price went up, budget is tight, sorry.',
  'Wir brauchen die App nicht mehr, danke.',
  "L'application ralentissait notre boutique.",
  'Support was slow, and setup took too long.',
];
const WORDS = ['Blue', 'Oak', 'River', 'Maple', 'Sunny', 'Urban', 'Nordic', 'Velvet', 'Coastal', 'Wild', 'Honey', 'Iron'];
const NOUNS = ['Goods', 'Supply', 'Boutique', 'Outfitters', 'Studio', 'Market', 'Co', 'Threads', 'Coffee', 'Candles'];

function money(cents: number, currencyCode: string): SimMoney {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return { amount: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`, currencyCode };
}

/**
 * A seeded, realistic Partner data set for one app: installs, uninstalls (localized reasons),
 * reinstalls, store closures, subscriptions (monthly and annual, plan changes, freezes, tests),
 * one-time and usage charges, credits, refunds and the matching transactions. Deterministic per seed.
 */
export function generateDataSet(options: GenerateOptions): SimDataSet {
  const rng = createPrng(options.seed ?? 42);
  const startMs = Date.parse(options.start ?? '2025-01-01T00:00:00Z');
  const endMs = Date.parse(options.end ?? '2026-01-01T00:00:00Z');
  const shopCount = options.shops ?? 100;
  const firstShop = options.firstShopNumber ?? 1_000_000;
  const shops: SimShop[] = [];
  const events: SimEvent[] = [];
  const transactions: SimTransaction[] = [];
  let nextId = 10_000_000;
  const id = () => nextId++;

  const enough = () =>
    (options.targetEvents !== undefined || options.targetTransactions !== undefined) &&
    events.length >= (options.targetEvents ?? 0) &&
    transactions.length >= (options.targetTransactions ?? 0);
  const unbounded = options.targetEvents !== undefined || options.targetTransactions !== undefined;

  for (let i = 0; unbounded ? !enough() : i < shopCount; i += 1) {
    const shop = makeShop(rng, firstShop + i, i);
    shops.push(shop);
    simulateShop({ rng, appId: options.appId, shop, startMs, endMs, events, transactions, id });
  }
  return { shops, events, transactions };
}

function makeShop(rng: Prng, number: number, index: number): SimShop {
  const redacted = rng.chance(0.03);
  const name = `${rng.pick(WORDS)} ${rng.pick(NOUNS)} ${index}`;
  return {
    id: `gid://partners/Shop/${number}`,
    myshopifyDomain: redacted ? 'REDACTED' : `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.myshopify.com`,
    name: redacted ? 'REDACTED' : name,
  };
}

interface ShopContext {
  rng: Prng;
  appId: string;
  shop: SimShop;
  startMs: number;
  endMs: number;
  events: SimEvent[];
  transactions: SimTransaction[];
  id: () => number;
}

function simulateShop(ctx: ShopContext): void {
  const { rng, startMs, endMs } = ctx;
  const currency = rng.chance(0.8) ? 'USD' : 'EUR';
  const deduction = rng.pick(DEDUCTIONS);
  let t = startMs + rng.next() * (endMs - startMs) * 0.9;
  for (let episode = 0; episode < 3 && t < endMs; episode += 1) {
    const ended = simulateEpisode(ctx, t, currency, deduction);
    if (ended === null || !rng.chance(0.3)) return; // still installed, or never came back
    t = ended + rng.int(1, 60) * DAY;
  }
}

/** One install → (maybe) uninstall. Returns the uninstall instant, or null if still installed. */
function simulateEpisode(ctx: ShopContext, installAt: number, currency: string, deduction: number): number | null {
  const { rng, endMs } = ctx;
  const emit = (type: string, at: number, extra: Partial<SimEvent> = {}) => {
    if (at >= endMs) return;
    ctx.events.push({
      appId: ctx.appId,
      shopId: ctx.shop.id,
      typename: EVENT_TYPENAME[type]!,
      type,
      occurredAt: microIsoFromMs(at, rng.int(0, 999)),
      ...extra,
    });
  };
  const sale = (typename: string, at: number, cents: number, chargeId: string | null, extra: Partial<SimTransaction> = {}) => {
    if (at >= endMs) return;
    const netCents = Math.round(cents * (1 - deduction));
    ctx.transactions.push({
      id: `gid://partners/${typename}/${ctx.id()}`,
      typename,
      appId: ctx.appId,
      shopId: ctx.shop.id,
      createdAt: microIsoFromMs(at, rng.int(0, 999)),
      chargeId,
      grossAmount: money(cents, currency),
      netAmount: money(netCents, currency),
      shopifyFee: money(0, currency),
      ...extra,
    });
  };
  const chargeGid = (kind: string) => `gid://${rng.chance(0.1) ? 'partners' : 'shopify'}/${kind}/${ctx.id()}`;

  emit('RELATIONSHIP_INSTALLED', installAt);
  // Many installs are trials that leave within days; others stay for months or for good.
  const uninstallAt = !rng.chance(0.55)
    ? Infinity
    : installAt + (rng.chance(0.45) ? rng.int(0, 7) : rng.int(8, 300)) * DAY + rng.int(60_000, DAY);
  const lifeEnd = Math.min(uninstallAt, endMs);
  let t = installAt + rng.int(5, 600) * 1000;

  // Store closure: billing deactivated, maybe reactivated later.
  let closedFrom = Infinity;
  let closedUntil = Infinity;
  if (rng.chance(0.04)) {
    closedFrom = installAt + rng.int(10, 300) * DAY;
    closedUntil = rng.chance(0.5) ? closedFrom + rng.int(5, 90) * DAY : Infinity;
  }

  if (rng.chance(0.45) && installAt + 2 * DAY < uninstallAt) {
    const test = rng.chance(0.05);
    if (rng.chance(0.05)) {
      const charge = subscriptionCharge(rng, chargeGid('AppSubscription'), currency, test, false);
      emit('SUBSCRIPTION_CHARGE_DECLINED', t, { charge });
    } else {
      let annual = rng.chance(0.15);
      let charge = subscriptionCharge(rng, chargeGid('AppSubscription'), currency, test, annual);
      emit('SUBSCRIPTION_CHARGE_ACCEPTED', t, { charge });
      t += rng.int(2, 30) * 1000;
      emit('SUBSCRIPTION_CHARGE_ACTIVATED', t, { charge });
      const changeAt = rng.chance(0.15) ? t + rng.int(20, 200) * DAY : Infinity;
      const freezeAt = rng.chance(0.05) ? t + rng.int(15, 200) * DAY : Infinity;
      const unfreezeAt = freezeAt + rng.int(3, 40) * DAY;
      const usage = rng.chance(0.1);
      let billAt = t;
      let changed = false;
      while (billAt < lifeEnd && billAt < closedFrom) {
        if (billAt >= changeAt && !changed) {
          // Plan change: the old charge is canceled and the new one activated within a minute.
          emit('SUBSCRIPTION_CHARGE_CANCELED', changeAt, { charge });
          annual = false;
          charge = subscriptionCharge(rng, chargeGid('AppSubscription'), currency, test, false);
          emit('SUBSCRIPTION_CHARGE_ACTIVATED', changeAt + rng.int(1, 60) * 1000, { charge });
          changed = true;
          billAt = changeAt + 60_000;
        }
        const frozen = billAt >= freezeAt && billAt < unfreezeAt;
        if (!frozen && !test) {
          const cents = Math.round(Number(charge.amount.amount) * 100);
          sale('AppSubscriptionSale', billAt + 3_600_000, cents, charge.id, { billingInterval: annual ? 'ANNUAL' : 'EVERY_30_DAYS' });
          if (rng.chance(0.03)) sale('AppSaleAdjustment', billAt + rng.int(1, 10) * DAY, -cents, charge.id);
        }
        if (usage && !frozen) {
          const usageCharge: SimCharge = { kind: 'usage', id: chargeGid('AppUsageRecord'), name: 'Orders over plan', test, amount: money(rng.int(50, 2000), currency) };
          const at = billAt + rng.int(1, 25) * DAY;
          emit('USAGE_CHARGE_APPLIED', at, { charge: usageCharge });
          if (!test) sale('AppUsageSale', at + 60_000, Math.round(Number(usageCharge.amount.amount) * 100), usageCharge.id);
          if (rng.chance(0.2)) emit('SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT', at + 1000, { charge });
          if (rng.chance(0.05)) emit('SUBSCRIPTION_CAPPED_AMOUNT_UPDATED', at + 2 * DAY, { charge });
        }
        billAt += (annual ? 365 : 30) * DAY;
      }
      if (freezeAt < lifeEnd) {
        emit('SUBSCRIPTION_CHARGE_FROZEN', freezeAt, { charge });
        if (unfreezeAt < lifeEnd) emit('SUBSCRIPTION_CHARGE_UNFROZEN', unfreezeAt, { charge });
      }
      if (uninstallAt < endMs && rng.chance(0.6)) emit('SUBSCRIPTION_CHARGE_CANCELED', uninstallAt, { charge });
    }
  }

  if (rng.chance(0.05)) {
    const at = installAt + rng.int(1, 100) * DAY;
    const charge: SimCharge = { kind: 'one_time', id: chargeGid('AppPurchaseOneTime'), name: 'Setup service', test: false, amount: money(rng.pick([4900, 9900, 14900]), currency) };
    emit('ONE_TIME_CHARGE_ACCEPTED', at, { charge });
    if (rng.chance(0.85)) {
      emit('ONE_TIME_CHARGE_ACTIVATED', at + 5000, { charge });
      if (at < lifeEnd) sale('AppOneTimeSale', at + 3_600_000, Math.round(Number(charge.amount.amount) * 100), charge.id);
    } else {
      emit('ONE_TIME_CHARGE_DECLINED', at + 5000, { charge });
    }
  }

  if (rng.chance(0.03)) {
    const at = installAt + rng.int(5, 120) * DAY;
    const cents = rng.pick([500, 1000, 1900]);
    const credit: SimCharge = { kind: 'credit', id: chargeGid('AppCredit'), name: 'Downgrade credit', test: false, amount: money(cents, currency) };
    emit('CREDIT_PENDING', at, { charge: credit });
    if (rng.chance(0.9)) {
      emit('CREDIT_APPLIED', at + 60_000, { charge: credit });
      if (at < lifeEnd) sale('AppSaleCredit', at + 120_000, -cents, credit.id);
    } else emit('CREDIT_FAILED', at + 60_000, { charge: credit });
  }

  if (closedFrom < lifeEnd) {
    emit('RELATIONSHIP_DEACTIVATED', closedFrom);
    if (closedUntil < lifeEnd) emit('RELATIONSHIP_REACTIVATED', closedUntil);
  }

  if (uninstallAt >= endMs) return null;
  emit('RELATIONSHIP_UNINSTALLED', uninstallAt, uninstallReason(rng));
  return uninstallAt;
}

function subscriptionCharge(rng: Prng, id: string, currency: string, test: boolean, annual: boolean): SimCharge {
  const plan = rng.pick(PLANS);
  return {
    kind: 'subscription',
    id,
    name: plan.name,
    test,
    amount: money(annual ? plan.cents * 10 : plan.cents, currency),
    billingOn: null,
  };
}

function uninstallReason(rng: Prng): Partial<SimEvent> {
  const roll = rng.next();
  if (roll < 0.2) return { reason: null, description: null };
  if (roll < 0.3) return { reason: '', description: '' };
  const locale = rng.pick(Object.keys(REASONS));
  const pool = REASONS[locale]!;
  const picks = new Set<string>();
  const count = rng.int(1, 3);
  while (picks.size < count) picks.add(rng.pick(pool));
  return { reason: [...picks].join(rng.chance(0.5) ? ',' : ', '), description: rng.chance(0.4) ? rng.pick(DESCRIPTIONS) : null };
}
