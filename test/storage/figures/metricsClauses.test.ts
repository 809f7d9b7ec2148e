import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import type { AppTransaction } from '../../../src/domain/transaction.ts';
import { type ChurnFigures } from '../../../src/metrics/churn.ts';
import { churnReport } from '../../../src/metrics/reference/churnReport.ts';
import { formatRate } from '../../../src/metrics/format.ts';
import { type InstallActivity } from '../../../src/metrics/installs.ts';
import { installActivity } from '../../../src/metrics/reference/installActivity.ts';
import { billingIntervals } from '../../../src/metrics/reference/billingIntervals.ts';
import { type CurrencyMovements } from '../../../src/metrics/movements.ts';
import { mrrMovements } from '../../../src/metrics/reference/mrrMovements.ts';
import { type MrrFigures } from '../../../src/metrics/mrr.ts';
import { mrrAt } from '../../../src/metrics/reference/mrrAt.ts';
import { type UninstallReasons } from '../../../src/metrics/reasons.ts';
import { uninstallReasons } from '../../../src/metrics/reference/uninstallReasons.ts';
import { type CurrencyRevenue } from '../../../src/metrics/revenue.ts';
import { revenueReport } from '../../../src/metrics/reference/revenueReport.ts';
import { replaySnapshots, testChargeIds } from '../../../src/metrics/state.ts';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { parseAppEvent } from '../../../src/partner/parseEvents.ts';
import { parseAppTransaction } from '../../../src/partner/parseTransactions.ts';
import { ingestEvents } from '../../../src/sync/ingest.ts';
import { queryInstallActivity } from '../../../src/storage/figures/activityQuery.ts';
import { queryChurn } from '../../../src/storage/figures/churnQuery.ts';
import { queryMovements } from '../../../src/storage/figures/movementsQuery.ts';
import { queryMrr } from '../../../src/storage/figures/mrrQuery.ts';
import { queryUninstallReasons } from '../../../src/storage/figures/reasonsQuery.ts';
import { queryRevenue } from '../../../src/storage/figures/revenueQuery.ts';
import { ingestTransactions } from '../../../src/sync/ingest.ts';
import { toStoredInstant } from '../../../src/storage/typeParsers.ts';
import { createConnection } from '../../helpers/figureData.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { APP, ev, tx } from '../../unit/metrics/fixtures.ts';

/**
 * METRICS.md clause by clause, on small hand-computed histories. Each row states the figures a person
 * would work out on paper, and both ways partnerbot computes them must give exactly those: the pure
 * engine replaying the events, and the SQL queries over the state maintained at ingest (events
 * stored one per transaction, newest first, as a history import delivers them).
 */

const A = '2026-03-01T00:00:00Z';
const B = '2026-03-08T00:00:00Z';
const BEFORE = '2026-02-15T10:00:00Z';
const DURING = '2026-03-04T10:00:00Z';
const later = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000).toISOString();

/** What a user reads off the figure commands for the window [a, b), money as exact decimal strings. */
interface Summary {
  mrr: Record<string, string>;
  arr: Record<string, string>;
  arpu: Record<string, string | null>;
  payingMerchants: number;
  intervalUnknown: number;
  /** Non-zero movement amounts over [a, b), per currency. */
  movements: Record<string, Record<string, string>>;
  installedAtStart: number;
  churnedMerchants: number;
  merchantChurn: string;
  closedStores: number;
  payingAtStart: number;
  lostPayingMerchants: number;
  payingMerchantChurn: string;
  mrrChurn: Record<string, { gross: string; net: string }>;
  activity: { installs: number; uninstalls: number; net: number; reinstalls: number; closures: number; reactivations: number };
  /** Local day -> installs, uninstalls (days with activity only). */
  days: Record<string, [number, number]>;
  reasons: Array<[string, number]>;
  descriptions: string[];
  /** Per currency and kind: [net, gross]; `total` is every kind. */
  revenue: Record<string, Record<string, [string, string]>>;
}

interface Clause {
  clause: string;
  events: AppEvent[];
  transactions?: AppTransaction[];
  window?: [string, string];
  timeZone?: string;
  expected: Partial<Summary>;
}

const n = (d: Decimal) => d.toFixed();

function apiEvent(type: string, occurredAt: string, chargeGid: string, amount: string): AppEvent {
  const node = { type, occurredAt, shop: { id: 'gid://partners/Shop/1' }, charge: { id: chargeGid, name: 'Pro', test: false, amount: { amount, currencyCode: 'USD' } } };
  return parseAppEvent(node, APP)!;
}
function apiSale(createdAt: string, chargeGid: string, billingInterval: string, amount: string): AppTransaction {
  const money = { amount, currencyCode: 'USD' };
  const node = { __typename: 'AppSubscriptionSale', id: `gid://partners/AppSubscriptionSale/${createdAt.length}`, createdAt, chargeId: chargeGid, billingInterval, shop: { id: 'gid://partners/Shop/1' }, grossAmount: money, netAmount: money };
  return parseAppTransaction(node, APP)!;
}

const CLAUSES: Clause[] = [
  {
    clause: 'Monthly amount = charge amount / 12 when an AppSubscriptionSale of the charge says ANNUAL; ARR = 12 x MRR',
    events: [ev('INSTALLED', BEFORE, { shop: '1' }), ev('ACTIVATED', later(BEFORE, 60), { shop: '1', charge: '42', amount: '120.00' })],
    transactions: [tx('subscription', later(BEFORE, 3600), '96.00', { shop: '1', charge: '42', interval: 'ANNUAL', gross: '120.00' })],
    expected: { mrr: { USD: '10' }, arr: { USD: '120' }, arpu: { USD: '10' }, payingMerchants: 1, intervalUnknown: 0, revenue: {} },
  },
  {
    clause: 'With no AppSubscriptionSale, a charge is taken as EVERY_30_DAYS and marked "interval unknown"',
    events: [ev('ACTIVATED', BEFORE, { shop: '1', charge: '42', amount: '19.00' })],
    expected: { mrr: { USD: '19' }, arr: { USD: '228' }, payingMerchants: 1, intervalUnknown: 1 },
  },
  {
    clause: 'Charge ids match on their trailing number (gid://shopify/... and gid://partners/... are one charge)',
    // Read from API nodes: the parsers key charges on the trailing number (domain ids are numbers).
    events: [
      apiEvent('SUBSCRIPTION_CHARGE_ACTIVATED', BEFORE, 'gid://shopify/AppSubscription/42', '120.00'),
      apiEvent('SUBSCRIPTION_CHARGE_CANCELED', DURING, 'gid://partners/AppSubscription/42', '120.00'),
    ],
    transactions: [apiSale(later(BEFORE, 3600), 'gid://partners/AppSubscription/42', 'ANNUAL', '120.00')],
    expected: { mrr: {}, payingMerchants: 0, payingAtStart: 1, lostPayingMerchants: 1, movements: { USD: { churned: '10' } }, mrrChurn: { USD: { gross: '100.0%', net: '100.0%' } } },
  },
  {
    clause: 'A CANCELED and an ACTIVATED of one shop seconds apart are a plan change: only the new plan counts, as expansion',
    events: [
      ev('INSTALLED', BEFORE, { shop: '1' }),
      ev('ACTIVATED', later(BEFORE, 60), { shop: '1', charge: '41', amount: '19.00' }),
      ev('CANCELED', DURING, { shop: '1', charge: '41' }),
      ev('ACTIVATED', later(DURING, 30), { shop: '1', charge: '42', amount: '49.00' }),
    ],
    expected: {
      mrr: { USD: '49' },
      payingMerchants: 1,
      lostPayingMerchants: 0,
      payingMerchantChurn: '0.0%',
      movements: { USD: { expansion: '30' } },
      mrrChurn: { USD: { gross: '0.0%', net: '-157.9%' } },
    },
  },
  {
    clause: 'A downgrade is contraction; gross MRR churn = (churned + contraction) / MRR(a)',
    events: [
      ev('ACTIVATED', BEFORE, { shop: '1', charge: '41', amount: '49.00' }),
      ev('CANCELED', DURING, { shop: '1', charge: '41' }),
      ev('ACTIVATED', later(DURING, 20), { shop: '1', charge: '42', amount: '19.00' }),
      ev('ACTIVATED', BEFORE, { shop: '2', charge: '43', amount: '51.00' }),
      ev('CANCELED', DURING, { shop: '2', charge: '43' }),
    ],
    expected: { mrr: { USD: '19' }, movements: { USD: { contraction: '30', churned: '51' } }, mrrChurn: { USD: { gross: '81.0%', net: '81.0%' } }, payingMerchantChurn: '50.0%' },
  },
  {
    clause: 'Activating a charge supersedes any other live charge of that (app, shop): at most one live subscription',
    events: [ev('ACTIVATED', BEFORE, { shop: '1', charge: '41', amount: '19.00' }), ev('ACTIVATED', DURING, { shop: '1', charge: '42', amount: '49.00' })],
    expected: { mrr: { USD: '49' }, payingMerchants: 1, movements: { USD: { expansion: '30' } } },
  },
  {
    clause: 'FROZEN counts $0 and the shop stops paying (paying churn, not merchant churn)',
    events: [ev('INSTALLED', BEFORE, { shop: '1' }), ev('ACTIVATED', later(BEFORE, 60), { shop: '1', charge: '42', amount: '19.00' }), ev('FROZEN', DURING, { shop: '1', charge: '42' })],
    expected: { mrr: {}, payingMerchants: 0, payingMerchantChurn: '100.0%', merchantChurn: '0.0%', movements: { USD: { churned: '19' } } },
  },
  {
    clause: 'UNFROZEN makes the charge live again: paying again after a freeze is a reactivation',
    events: [
      ev('ACTIVATED', '2026-01-10T10:00:00Z', { shop: '1', charge: '42', amount: '19.00' }),
      ev('FROZEN', BEFORE, { shop: '1', charge: '42' }),
      ev('UNFROZEN', DURING, { shop: '1', charge: '42' }),
    ],
    expected: { mrr: { USD: '19' }, payingAtStart: 0, movements: { USD: { reactivation: '19' } } },
  },
  {
    clause: 'New = paying at b and never live before a; reactivation = live at some time before a',
    events: [
      ev('ACTIVATED', '2026-01-10T10:00:00Z', { shop: '1', charge: '41', amount: '19.00' }),
      ev('CANCELED', BEFORE, { shop: '1', charge: '41' }),
      ev('ACTIVATED', DURING, { shop: '1', charge: '42', amount: '29.00' }),
      ev('ACTIVATED', DURING, { shop: '2', charge: '43', amount: '9.99' }),
    ],
    expected: { mrr: { USD: '38.99' }, movements: { USD: { reactivation: '29', new: '9.99' } }, mrrChurn: { USD: { gross: 'n/a', net: 'n/a' } } },
  },
  {
    clause: 'UNINSTALLED ends every charge of that (app, shop) at that instant: merchant, paying and MRR churn',
    events: [
      ev('INSTALLED', BEFORE, { shop: '1' }),
      ev('ACTIVATED', later(BEFORE, 60), { shop: '1', charge: '42', amount: '19.00' }),
      ev('INSTALLED', BEFORE, { shop: '2' }),
      ev('UNINSTALLED', DURING, { shop: '1', reason: 'Too expensive' }),
    ],
    expected: {
      mrr: {},
      installedAtStart: 2,
      churnedMerchants: 1,
      merchantChurn: '50.0%',
      payingMerchantChurn: '100.0%',
      mrrChurn: { USD: { gross: '100.0%', net: '100.0%' } },
      activity: { installs: 0, uninstalls: 1, net: -1, reinstalls: 0, closures: 0, reactivations: 0 },
    },
  },
  {
    clause: 'ACCEPTED is pending (not live); CAPPED_AMOUNT_UPDATED and APPROACHING_CAPPED_AMOUNT change nothing',
    events: [
      ev('ACCEPTED', BEFORE, { shop: '1', charge: '41', amount: '19.00' }),
      ev('ACTIVATED', BEFORE, { shop: '2', charge: '42', amount: '29.00' }),
      ev('CAPPED_AMOUNT_UPDATED', DURING, { shop: '2', charge: '42', amount: '500.00' }),
      ev('APPROACHING_CAPPED_AMOUNT', DURING, { shop: '2', charge: '42' }),
      ev('USAGE_CHARGE_APPLIED', DURING, { shop: '2', charge: '9001', amount: '7.00' }),
    ],
    expected: { mrr: { USD: '29' }, payingMerchants: 1, movements: {} },
  },
  {
    clause: 'A test charge is excluded from every money figure and from paying-merchant counts',
    events: [ev('INSTALLED', BEFORE, { shop: '1' }), ev('ACTIVATED', later(BEFORE, 60), { shop: '1', charge: '42', amount: '19.00', test: true })],
    transactions: [tx('subscription', DURING, '19.00', { shop: '1', charge: '42' }), tx('usage', DURING, '3.00', { shop: '1' })],
    expected: { mrr: {}, payingMerchants: 0, payingAtStart: 0, payingMerchantChurn: 'n/a', installedAtStart: 1, revenue: { USD: { usage: ['3', '3'], total: ['3', '3'] } } },
  },
  {
    clause: 'A shop whose domain is REDACTED is still a shop',
    events: [
      ev('INSTALLED', BEFORE, { shop: '1', domain: 'REDACTED' }),
      ev('ACTIVATED', later(BEFORE, 60), { shop: '1', charge: '41', amount: '19.00', domain: 'REDACTED' }),
      ev('INSTALLED', DURING, { shop: '2', domain: 'REDACTED' }),
      ev('ACTIVATED', later(DURING, 60), { shop: '2', charge: '42', amount: '19.00', domain: 'REDACTED' }),
    ],
    expected: { mrr: { USD: '38' }, payingMerchants: 2, arpu: { USD: '19' }, installedAtStart: 1, activity: { installs: 1, uninstalls: 0, net: 1, reinstalls: 0, closures: 0, reactivations: 0 } },
  },
  {
    clause: 'Amounts in different currencies are never added together',
    events: [
      ev('ACTIVATED', BEFORE, { shop: '1', charge: '41', amount: '19.00', currency: 'USD' }),
      ev('ACTIVATED', BEFORE, { shop: '2', charge: '42', amount: '29.00', currency: 'EUR' }),
      ev('ACTIVATED', BEFORE, { shop: '3', charge: '43', amount: '31.00', currency: 'EUR' }),
      ev('CANCELED', DURING, { shop: '3', charge: '43' }),
    ],
    transactions: [tx('subscription', DURING, '17.10', { shop: '1', gross: '19.00' }), tx('subscription', DURING, '26.10', { shop: '2', currency: 'EUR', gross: '29.00' })],
    expected: {
      mrr: { EUR: '29', USD: '19' },
      arpu: { EUR: '29', USD: '19' },
      payingMerchants: 2,
      movements: { EUR: { churned: '31' } },
      mrrChurn: { EUR: { gross: '51.7%', net: '51.7%' }, USD: { gross: '0.0%', net: '0.0%' } },
      revenue: { EUR: { subscription: ['26.1', '29'], total: ['26.1', '29'] }, USD: { subscription: ['17.1', '19'], total: ['17.1', '19'] } },
    },
  },
  {
    clause: 'Windows are half-open: start <= occurredAt < end (an event exactly at b belongs to the next window)',
    events: [
      ev('INSTALLED', BEFORE, { shop: '1' }),
      ev('UNINSTALLED', A, { shop: '1' }),
      ev('INSTALLED', A, { shop: '2' }),
      ev('INSTALLED', B, { shop: '3' }),
      ev('ACTIVATED', B, { shop: '2', charge: '42', amount: '19.00' }),
    ],
    transactions: [tx('usage', A, '1.00'), tx('usage', B, '100.00')],
    expected: {
      installedAtStart: 1,
      churnedMerchants: 1,
      mrr: {},
      activity: { installs: 1, uninstalls: 1, net: 0, reinstalls: 0, closures: 0, reactivations: 0 },
      revenue: { USD: { usage: ['1', '1'], total: ['1', '1'] } },
    },
  },
  {
    clause: 'Events of one shop at one instant apply INSTALLED, charge events, endings, DEACTIVATED, UNINSTALLED',
    events: [
      ev('INSTALLED', BEFORE, { shop: '1' }),
      ev('UNINSTALLED', DURING, { shop: '1' }),
      ev('ACTIVATED', DURING, { shop: '1', charge: '42', amount: '19.00' }),
      ev('UNINSTALLED', DURING, { shop: '2' }),
      ev('INSTALLED', DURING, { shop: '2' }),
    ],
    expected: { mrr: {}, payingMerchants: 0, movements: {}, installedAtStart: 1, churnedMerchants: 1, activity: { installs: 1, uninstalls: 2, net: -1, reinstalls: 0, closures: 0, reactivations: 0 } },
  },
  {
    clause: 'Reinstalls = installs by shops that had installed before a or earlier in the window',
    events: [
      ev('INSTALLED', '2026-02-01T10:00:00Z', { shop: '1' }),
      ev('UNINSTALLED', BEFORE, { shop: '1' }),
      ev('INSTALLED', DURING, { shop: '1' }),
      ev('INSTALLED', '2026-03-02T10:00:00Z', { shop: '2' }),
      ev('UNINSTALLED', '2026-03-03T10:00:00Z', { shop: '2' }),
      ev('INSTALLED', DURING, { shop: '2' }),
      ev('INSTALLED', DURING, { shop: '3' }),
      ev('INSTALLED', DURING, { shop: '4', app: '1002' }),
    ],
    expected: { activity: { installs: 5, uninstalls: 1, net: 4, reinstalls: 2, closures: 0, reactivations: 0 }, installedAtStart: 0, merchantChurn: 'n/a' },
  },
  {
    clause: 'DEACTIVATED closes a store: counted apart from merchant churn; REACTIVATED installs it again',
    events: [
      ev('INSTALLED', BEFORE, { shop: '1' }),
      ev('INSTALLED', BEFORE, { shop: '2' }),
      ev('DEACTIVATED', DURING, { shop: '1' }),
      ev('DEACTIVATED', later(BEFORE, 3600), { shop: '2' }),
      ev('REACTIVATED', DURING, { shop: '2' }),
    ],
    expected: {
      installedAtStart: 1,
      churnedMerchants: 0,
      merchantChurn: '0.0%',
      closedStores: 1,
      activity: { installs: 0, uninstalls: 0, net: 0, reinstalls: 0, closures: 1, reactivations: 1 },
    },
  },
  {
    clause: 'A rate whose base is 0 is n/a, never NaN, Infinity or 0%; ARPU with no paying merchant is n/a',
    events: [ev('INSTALLED', DURING, { shop: '1' }), ev('ACTIVATED', DURING, { shop: '1', charge: '42', amount: '19.00', currency: 'EUR' })],
    expected: {
      merchantChurn: 'n/a',
      payingMerchantChurn: 'n/a',
      mrrChurn: { EUR: { gross: 'n/a', net: 'n/a' } },
      mrr: { EUR: '19' },
      movements: { EUR: { new: '19' } },
    },
  },
  {
    clause: 'Uninstall reasons: split on commas (any language), trimmed, grouped case-insensitively; null or empty = "No reason given"',
    events: [
      ev('UNINSTALLED', later(DURING, 1), { shop: '1', reason: 'demasiado caro, Ya no es necesaria', description: '  Nos mudamos.  ' }),
      ev('UNINSTALLED', later(DURING, 2), { shop: '2', reason: ' Demasiado caro ', description: '   ' }),
      ev('UNINSTALLED', later(DURING, 3), { shop: '3', reason: '' }),
      ev('UNINSTALLED', later(DURING, 4), { shop: '4', reason: null, description: 'Too slow' }),
      ev('UNINSTALLED', later(DURING, 5), { shop: '5', reason: '価格が高い，機能不足' }),
      ev('UNINSTALLED', BEFORE, { shop: '6', reason: 'Outside the window', description: 'Old' }),
    ],
    expected: {
      reasons: [['Demasiado caro', 2], ['No reason given', 2], ['Ya no es necesaria', 1], ['価格が高い', 1], ['機能不足', 1]],
      descriptions: ['Too slow', 'Nos mudamos.'],
    },
  },
  {
    clause: 'Revenue = net (payout) and gross per kind; refunds and credits negative; usage is revenue, not MRR',
    events: [ev('ACTIVATED', BEFORE, { shop: '1', charge: '42', amount: '19.00' }), ev('USAGE_CHARGE_APPLIED', DURING, { shop: '1', charge: '9001', amount: '5.00' })],
    transactions: [
      tx('subscription', DURING, '17.10', { shop: '1', charge: '42', interval: 'EVERY_30_DAYS', gross: '19.00' }),
      tx('usage', DURING, '4.50', { shop: '1', gross: '5.00' }),
      tx('one_time', DURING, '44.10', { shop: '2', gross: '49.00' }),
      tx('adjustment', DURING, '-17.10', { shop: '1', charge: '42', gross: '-19.00' }),
      tx('credit', DURING, '-9.00', { shop: '3', gross: '-10.00' }),
      tx('usage', BEFORE, '1000.00', { shop: '1' }),
    ],
    expected: {
      mrr: { USD: '19' },
      intervalUnknown: 0,
      revenue: {
        USD: {
          subscription: ['17.1', '19'],
          usage: ['4.5', '5'],
          one_time: ['44.1', '49'],
          adjustment: ['-17.1', '-19'],
          credit: ['-9', '-10'],
          total: ['39.6', '44'],
        },
      },
    },
  },
  {
    clause: 'Days are read in the workspace time zone, across a DST change (New York, 2026-03-08 lasts 23 hours)',
    timeZone: 'America/New_York',
    window: ['2026-03-07T05:00:00Z', '2026-03-10T04:00:00Z'],
    events: [
      ev('INSTALLED', '2026-03-08T04:30:00Z', { shop: '1' }), // Sat 23:30 EST
      ev('INSTALLED', '2026-03-08T05:30:00Z', { shop: '2' }), // Sun 00:30 EST
      ev('INSTALLED', '2026-03-09T03:30:00Z', { shop: '3' }), // Sun 23:30 EDT
      ev('UNINSTALLED', '2026-03-09T04:30:00Z', { shop: '3' }), // Mon 00:30 EDT
      ev('INSTALLED', '2026-03-10T04:00:00Z', { shop: '4' }), // Tue 00:00 EDT: after the window
    ],
    expected: { days: { '2026-03-07': [1, 0], '2026-03-08': [2, 0], '2026-03-09': [0, 1] }, activity: { installs: 3, uninstalls: 1, net: 2, reinstalls: 0, closures: 0, reactivations: 0 } },
  },
];

function money(figures: MrrFigures) {
  const pick = (f: (c: MrrFigures['currencies'][number]) => string) => Object.fromEntries(figures.currencies.map((c) => [c.currency, f(c)]));
  return {
    mrr: pick((c) => n(c.mrr)),
    arr: pick((c) => n(c.arr)),
    arpu: Object.fromEntries(figures.currencies.map((c) => [c.currency, c.arpu === null ? null : n(c.arpu)])),
    payingMerchants: figures.payingMerchants,
    intervalUnknown: figures.intervalUnknownCharges,
  };
}

function summarize(mrr: MrrFigures, movements: CurrencyMovements[], churn: ChurnFigures, activity: InstallActivity, reasons: UninstallReasons, revenue: CurrencyRevenue[]): Summary {
  const moved = movements
    .map((m) => [m.currency, Object.fromEntries(Object.entries(m.amounts).filter(([, v]) => !v.isZero()).map(([k, v]) => [k, n(v)]))] as const)
    .filter(([, kinds]) => Object.keys(kinds).length > 0);
  return {
    ...money(mrr),
    movements: Object.fromEntries(moved),
    installedAtStart: churn.installedAtStart,
    churnedMerchants: churn.churnedMerchants,
    merchantChurn: formatRate(churn.merchantChurn),
    closedStores: churn.closedStores,
    payingAtStart: churn.payingAtStart,
    lostPayingMerchants: churn.lostPayingMerchants,
    payingMerchantChurn: formatRate(churn.payingMerchantChurn),
    mrrChurn: Object.fromEntries(churn.mrr.map((m) => [m.currency, { gross: formatRate(m.grossMrrChurn), net: formatRate(m.netMrrChurn) }])),
    activity: { ...churn.activity },
    days: Object.fromEntries((activity.byDay ?? []).filter((d) => d.installs + d.uninstalls > 0).map((d) => [d.date, [d.installs, d.uninstalls]])),
    reasons: reasons.reasons.map((r) => [r.reason, r.count]),
    descriptions: reasons.descriptions.map((d) => d.description),
    revenue: Object.fromEntries(
      revenue.map((c) => [
        c.currency,
        Object.fromEntries(
          [...Object.entries(c.byKind), ['total', c.total] as const].filter(([, k]) => k.transactions > 0).map(([kind, k]) => [kind, [n(k.net), n(k.gross)]]),
        ),
      ]),
    ),
  };
}

/** Each figure the row states must be exactly that (an empty {} means "none"), not merely contain it. */
function expectFigures(actual: Summary, expected: Partial<Summary>): void {
  for (const [figure, value] of Object.entries(expected)) expect(actual[figure as keyof Summary], figure).toEqual(value);
}

function windowOf(clause: Clause) {
  const [a, b] = clause.window ?? [A, B];
  return { start: new Date(a), end: new Date(b) };
}

function engineSummary(clause: Clause): Summary {
  const window = windowOf(clause);
  const timeZone = clause.timeZone ?? 'UTC';
  const transactions = clause.transactions ?? [];
  const intervals = billingIntervals(transactions);
  const [start, end] = replaySnapshots(clause.events, [window.start, window.end]);
  return summarize(
    mrrAt(end!, intervals).total,
    mrrMovements(start!, end!, intervals).total,
    churnReport({ events: clause.events, window, start: start!, end: end!, intervals, timeZone }).total,
    installActivity(clause.events, window, timeZone),
    uninstallReasons(clause.events, window),
    revenueReport(transactions, window, testChargeIds(clause.events)).total,
  );
}

describe('METRICS.md, clause by clause: the pure engine', () => {
  it.each(CLAUSES.map((c) => [c.clause, c] as const))('%s', (_, clause) => {
    expectFigures(engineSummary(clause), clause.expected);
  });
});

describe.each(testBackends())('METRICS.md, clause by clause: the figures stored at ingest on %s', (backend) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => database?.close());

  /** Stores the records one per database transaction, newest first, like a history import. */
  async function store(clause: Clause): Promise<number> {
    const connectionId = await createConnection(database.db, `T${Math.random().toString(36).slice(2)}`, clause.timeZone ?? 'UTC');
    const records = [
      ...clause.events.map((event) => ({ at: toStoredInstant(event.occurredAt), event, transaction: null })),
      ...(clause.transactions ?? []).map((transaction) => ({ at: toStoredInstant(transaction.createdAt), event: null, transaction })),
    ].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
    for (const r of records) {
      await database.db.transaction().execute(async (trx) => {
        if (r.event) await ingestEvents(trx, [{ event: r.event, raw: {} }], { connectionId, source: 'backfill', alerts: null });
        if (r.transaction) await ingestTransactions(trx, connectionId, [{ transaction: r.transaction, raw: {} }]);
      });
    }
    return connectionId;
  }

  it.each(CLAUSES.map((c) => [c.clause, c] as const))('%s', async (_, clause) => {
    const connectionId = await store(clause);
    const window = windowOf(clause);
    const timeZone = clause.timeZone ?? 'UTC';
    const db = database.db;
    const stored = summarize(
      (await queryMrr(db, connectionId, window.end, null)).total,
      (await queryMovements(db, connectionId, window, null)).total,
      (await queryChurn(db, connectionId, window, timeZone, null)).total,
      await queryInstallActivity(db, connectionId, window, timeZone, null),
      await queryUninstallReasons(db, connectionId, window, null),
      (await queryRevenue(db, connectionId, window, null)).total,
    );
    expectFigures(stored, clause.expected);
    expect(stored).toEqual(engineSummary(clause));
  });
});
