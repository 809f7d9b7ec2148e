import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import type { AlertDetails, AlertView, PlanView } from '../../../src/alerts/alertView.ts';
import { formatTenure } from '../../../src/alerts/describe.ts';
import { buildAlertMessage } from '../../../src/alerts/views/alertMessage.ts';
import { buildGroupedMessage } from '../../../src/alerts/views/groupedMessage.ts';
import { buildPauseNotice, type PauseReason } from '../../../src/alerts/views/pauseNotice.ts';
import { isMention, withMentions } from '../../../src/alerts/routing/withMentions.ts';
import type { DigestReport } from '../../../src/digest/digestReport.ts';
import { lastCompleteWeek, weeksEndingWith } from '../../../src/digest/schedule.ts';
import { buildDigestMessage } from '../../../src/digest/views/digestView.ts';
import { buildDailyMessage } from '../../../src/digest/views/dailyView.ts';
import type { PartnerConnection, TrackedApp } from '../../../src/domain/connection.ts';
import { matchApp, parseFigureArgs } from '../../../src/figures/figureArgs.ts';
import { buildChurnMessage } from '../../../src/figures/views/churnView.ts';
import { withChartNote } from '../../../src/figures/views/chartNote.ts';
import { buildInstallsMessage } from '../../../src/figures/views/installsView.ts';
import { buildMrrMessage } from '../../../src/figures/views/mrrView.ts';
import { buildRevenueMessage } from '../../../src/figures/views/revenueView.ts';
import { merchantViews } from './merchantViews.ts';
import { routingViews } from './routingViews.ts';
import type { CurrencyMovements } from '../../../src/metrics/movements.ts';
import { selectMovers, type ShopMover } from '../../../src/metrics/movers.ts';
import type { MrrFigures } from '../../../src/metrics/mrr.ts';
import type { CurrencyRevenue, KindRevenue } from '../../../src/metrics/revenue.ts';
import { buildAlertSettingsModal } from '../../../src/slack/alerts/settingsModal.ts';
import { digestNowReply, invalidDigestReply, scheduleReply, settingReply } from '../../../src/slack/commands/digestReplies.ts';
import { buildSummariesModal } from '../../../src/slack/summaries/summariesModal.ts';
import { buildHelpMessage } from '../../../src/slack/commands/helpView.ts';
import { buildCheckingView, buildConnectedView, buildConnectModal } from '../../../src/slack/connect/connectModalView.ts';
import { buildConnectedMessage } from '../../../src/slack/connect/connectedMessage.ts';
import { buildHomeView } from '../../../src/slack/home/homeView.ts';
import { buildErrorNotice, buildRecoveryNotice } from '../../../src/slack/notify/healthMessages.ts';
import { fallbackText } from '../../../src/slackApi/mrkdwn.ts';
import { hostile, hostileList, shortHostile } from './hostileStrings.ts';

/** The Slack ids partnerbot itself puts into `<#…>` and `<@…>`; nothing else may appear raw. */
export const ADMIN = 'U0ADMIN';
export const ALERTS = 'C0ALERTS';
export const DIGEST = 'C0DIGEST';

const AT = '2026-03-10T12:00:00.000000Z';
const NOW = new Date('2026-03-25T12:00:00Z');
const week = lastCompleteWeek(NOW, 'UTC');
const [previousWeek] = weeksEndingWith(week, 2, 'UTC');

/** Everything outside partnerbot's control that any view shows, drawn at once so every view sees the same run. */
export const world = fc.record({
  shopName: fc.option(hostile, { nil: null }),
  shopDomain: fc.option(hostile, { nil: null }),
  appName: hostile,
  chargeName: fc.option(hostile, { nil: null }),
  price: fc.option(hostile, { nil: null }),
  description: fc.option(hostile, { nil: null }),
  reasons: hostileList(),
  mrrLost: hostileList(),
  eventType: hostile,
  occurredAt: fc.oneof(fc.constant(AT), shortHostile),
  test: fc.boolean(),
  currency: hostile,
  currencies: hostileList(30),
  appNames: hostileList(),
  descriptions: fc.array(fc.record({ description: hostile, shopDomain: fc.option(hostile, { nil: null }) }), { maxLength: 10 }),
  lastError: fc.option(hostile, { nil: null }),
  organizationId: hostile,
  timeZone: hostile,
  typed: hostile,
  channelId: fc.oneof(fc.constant(ALERTS), shortHostile),
  burst: fc.integer({ min: 0, max: 200 }),
  days: fc.integer({ min: 0, max: 200 }),
  amount: fc.constantFrom('0', '1', '-19.5', '12345678.9', '99999999999999.99'),
});
export type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

export interface Built {
  name: string;
  kind: 'message' | 'view' | 'reply';
  surface: unknown;
  /** Our own `<#…>`/`<@…>` tokens this surface may show. */
  allowed: string[];
}

function alertViews(w: World): AlertView[] {
  const plan: PlanView = { name: w.chargeName, price: w.price, monthly: null };
  const details: AlertDetails[] = [
    { kind: 'install', reinstall: w.test },
    { kind: 'uninstall', reasons: w.reasons, description: w.description, tenure: formatTenure(w.burst * 86_400_000), mrrLost: w.mrrLost },
    { kind: 'store_closed' },
    { kind: 'store_reopened' },
    { kind: 'subscription_new', plan },
    { kind: 'plan_change', from: plan, to: { ...plan, name: w.appName }, direction: 'upgrade' },
    { kind: 'subscription_canceled', plan },
    { kind: 'subscription_frozen', plan },
    { kind: 'subscription_unfrozen', plan },
    { kind: 'one_time_charge', name: w.chargeName, amount: w.price },
    { kind: 'usage_cap', plan, cap: w.price },
    { kind: 'credit_applied', amount: w.price },
    { kind: 'other', type: w.eventType },
  ];
  // Issue 13: alerts about a shop carry buttons and the earlier alert's line, with hostile ids and types.
  const links = { connectionId: 7, organizationId: w.organizationId };
  const earlier = { type: w.eventType, occurredAt: AT, planChange: w.test };
  return details.map((d) => ({ details: d, appName: w.appName, shopName: w.shopName, shopDomain: w.shopDomain, occurredAt: w.occurredAt, test: w.test, shopId: w.test ? '77' : w.typed, links, earlier }));
}

const d = (v: string) => new Decimal(v);
const line = (v: string): KindRevenue => ({ net: d(v), gross: d(v), grossUnknown: 1, transactions: 1 });
const revenue = (currency: string, v: string): CurrencyRevenue => ({
  currency,
  byKind: { subscription: line(v), usage: line(v), one_time: line(v), adjustment: line(v), credit: line(v), other: line(v) },
  total: line(v),
});
const movements = (currency: string, v: string): CurrencyMovements => ({
  currency,
  mrrStart: d(v),
  mrrEnd: d(v).plus(1),
  amounts: { new: d(v), reactivation: d(v), expansion: d(v), contraction: d(v), churned: d(v) },
  counts: { new: 1, reactivation: 1, expansion: 1, contraction: 1, churned: 1 },
});
const mrr = (currencies: string[], v: string): MrrFigures => ({
  currencies: currencies.map((currency) => ({ currency, mrr: d(v), arr: d(v).times(12), payingMerchants: 3, arpu: d(v).div(3) })),
  payingMerchants: 3,
  intervalUnknownCharges: 1,
  unpricedCharges: 1,
});
const counts = { installs: 3, uninstalls: 2, net: 1, reinstalls: 1, closures: 1, reactivations: 1 };

function figureMessages(w: World): Built[] {
  const currencies = [w.currency, ...w.currencies];
  const apps: TrackedApp[] = w.appNames.map((name, i) => ({ appId: String(i + 1), name }));
  const reasons = { uninstalls: w.reasons.length, reasons: w.reasons.map((reason, i) => ({ reason, count: i + 1 })), descriptions: w.descriptions.map((x, i) => ({ ...x, appId: '1', shopId: String(i), occurredAt: w.occurredAt })) };
  const notes = ['Importing history: 62% — figures so far.'];
  const byDay = Array.from({ length: w.days }, (_, i) => ({ ...counts, date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}` }));
  const messages = {
    mrr: buildMrrMessage({
      scope: w.appName, now: mrr(currencies, w.amount), before: mrr(currencies.slice(1), '1'), movements: currencies.map((c) => movements(c, w.amount)),
      perApp: w.appNames.map((name) => ({ name, figures: mrr(currencies.slice(0, 5), w.amount) })), notes,
    }),
    churn: buildChurnMessage({
      scope: w.appName, windowLabel: w.typed, reasons, notes,
      figures: {
        installedAtStart: 10, churnedMerchants: 2, merchantChurn: d('0.2'), closedStores: 1, closureRate: d('0.1'), payingAtStart: 4, lostPayingMerchants: 1, payingMerchantChurn: d('0.25'),
        mrr: currencies.map((currency) => ({ currency, mrrStart: d(w.amount), churned: d('1'), contraction: d('2'), expansion: d('3'), grossMrrChurn: d('0.1'), netMrrChurn: d('-0.1') })),
        activity: counts,
      },
    }),
    revenue: buildRevenueMessage({ scope: w.appName, windowLabel: w.typed, current: { total: currencies.map((c) => revenue(c, w.amount)), excludedTest: 2 }, previous: { total: currencies.slice(1).map((c) => revenue(c, '1')) }, notes }),
    installs: buildInstallsMessage({ scope: w.appName, windowLabel: w.typed, activity: { total: counts, byDay }, notes }),
    digest: buildDigestMessage({ title: 'Weekly digest', chart: true, report: digestReport(w, apps, currencies, reasons) }),
    monthlySummary: buildDigestMessage({ title: 'Monthly summary', chart: true, report: { ...digestReport(w, apps, currencies, reasons), cadence: 'monthly' } }),
    dailySummary: buildDailyMessage(
      {
        day: '2026-03-24',
        timeZone: w.timeZone,
        revenue: { total: currencies.map((c) => revenue(c, w.amount)), byApp: new Map(), excludedTest: 0 },
        previousRevenue: { total: currencies.slice(1).map((c) => revenue(c, '1')), byApp: new Map(), excludedTest: 0 },
        activity: counts,
        movements: [],
        movers: digestReport(w, apps, currencies, reasons).movers,
        apps,
        organizationId: w.organizationId,
      },
      'Daily summary',
    ),
  };
  // Issue 14: an answer with its chart line (a DM to the user, or Slack's refusal quoted).
  const installs = messages.installs;
  const charts = [
    { name: 'chart sent by DM', surface: withChartNote(installs, { kind: 'dm', userId: ADMIN }), allowed: [`<@${ADMIN}>`] },
    { name: 'chart refused', surface: withChartNote(installs, { kind: 'refused', failure: { kind: 'rejected', error: w.typed } }), allowed: [] },
  ];
  return [...Object.entries(messages).map(([name, surface]) => ({ name, kind: 'message' as const, surface, allowed: [] as string[] })), ...charts.map((c) => ({ ...c, kind: 'message' as const }))];
}

function digestReport(w: World, apps: TrackedApp[], currencies: string[], reasons: DigestReport['reasons']): DigestReport {
  const few = currencies.slice(0, 5);
  const byApp = new Map(apps.map((a) => [a.appId, few.map((c) => revenue(c, w.amount))]));
  const mrrByApp = new Map(apps.map((a) => [a.appId, few.map((c) => movements(c, w.amount))]));
  const activity = { byApp: new Map(apps.map((a) => [a.appId, counts])), total: counts, byDay: null };
  return {
    week, previousWeek: previousWeek!, timeZone: w.timeZone, apps: apps.length > 0 ? apps : [{ appId: '1', name: w.appName }],
    revenue: { current: { byApp, total: currencies.map((c) => revenue(c, w.amount)), excludedTest: 0 }, previous: { byApp, total: few.map((c) => revenue(c, '1')), excludedTest: 0 } },
    mrr: { byApp: mrrByApp, total: currencies.map((c) => movements(c, w.amount)), mrrStart: { byApp: new Map(), total: mrr(few, '1') }, mrrEnd: { byApp: new Map(), total: mrr(few, w.amount) } },
    activity: { current: activity, previous: activity },
    reasons, series: new Map(), notes: ['History is still importing (40%): figures so far.'],
    movers: selectMovers(digestMovers(w, apps, few), few), organizationId: w.organizationId,
  };
}

/** Issue 14: movers of every kind, in hostile currencies, with hostile shop, plan and reason text. */
function digestMovers(w: World, apps: TrackedApp[], currencies: string[]): ShopMover[] {
  const kinds = ['new', 'reactivation', 'expansion', 'contraction', 'churned'] as const;
  return currencies.flatMap((currency) =>
    Array.from({ length: 30 }, (_, i) => {
      const kind = kinds[i % kinds.length]!;
      const big = new Decimal(w.amount).abs().plus(i + 1);
      const [from, to] = kind === 'new' || kind === 'reactivation' ? [new Decimal(0), big] : kind === 'churned' ? [big, new Decimal(0)] : kind === 'expansion' ? [new Decimal(1), big.plus(1)] : [big.plus(1), new Decimal(1)];
      return {
        appId: apps[i % Math.max(1, apps.length)]?.appId ?? '1', shopId: i % 2 === 0 ? String(1000 + i) : w.typed, shopName: w.shopName, shopDomain: w.shopDomain, currency, kind, from, to,
        planBefore: w.chargeName, planAfter: w.appName, uninstall: i % 3 === 0 ? null : { reason: w.reasons.join(', '), description: w.description },
      };
    }),
  );
}

function slackSurfaces(w: World): Built[] {
  const apps: TrackedApp[] = w.appNames.map((name, i) => ({ appId: String(i + 1), name }));
  const own = [`<#${ALERTS}>`, `<#${DIGEST}>`, `<@${ADMIN}>`, `<#${w.channelId}>`];
  const connection: PartnerConnection = {
    id: 7, workspaceId: 'T1', organizationId: w.organizationId, status: 'error', hasToken: true, tokenHint: w.typed.slice(-4),
    lastError: w.lastError, lastErrorCode: null, consecutiveFailures: 3, errorNotifiedAt: null, connectedByUserId: ADMIN, timeZone: w.timeZone,
    alertsChannelId: w.channelId, digestChannelId: DIGEST, digestWeekday: 1, digestHour: 9, alertSettings: {}, alertsFrom: null,
    lastSuccessAt: w.occurredAt, recordsImported: 12345,
  };
  const errors = { org: w.typed, token: w.lastError ?? 'x', apps: w.typed, alertsChannel: w.typed, digestChannel: w.typed, timeZone: w.timeZone, general: w.typed };
  const values = { org: w.typed, apps: w.typed, alertsChannelId: ALERTS, digestChannelId: null, digestWeekday: 3, digestHour: 17, timeZone: w.timeZone };
  const target = { workspaceId: 'T1', organizationId: w.organizationId, userId: ADMIN, lastError: w.lastError, lastErrorCode: null };
  const views: Record<string, unknown> = {
    homeNotConnected: buildHomeView(null),
    home: buildHomeView({ connection, apps, import: { complete: true, fraction: 1 }, slackToken: null }),
    homeImporting: buildHomeView({ connection: { ...connection, status: 'active' }, apps, import: { complete: false, fraction: 0.42 }, slackToken: { workspaceId: 'T1', error: w.typed, since: w.occurredAt, lastSeenAt: w.occurredAt } }),
    connectModal: buildConnectModal({ mode: 'connect', values, errors }),
    editModal: buildConnectModal({ mode: 'edit', values, errors, tokenHint: w.typed.slice(-4) }),
    checking: buildCheckingView('edit'),
    connected: buildConnectedView({ mode: 'connect', organizationId: w.organizationId, apps, alertsChannelId: w.channelId, notes: [`<#${ALERTS}> is archived. Choose another channel in Edit settings.`] }),
    alertSettings: buildAlertSettingsModal(5, w.channelId, { disabledKinds: ['install'], hideTestCharges: w.test }),
  };
  const messages: Record<string, unknown> = {
    errorNotice: buildErrorNotice(target),
    recoveryNotice: buildRecoveryNotice(target),
    help: buildHelpMessage(w.typed),
    connectedMessage: buildConnectedMessage(w.organizationId, apps, ADMIN),
    ...Object.fromEntries((['not_in_channel', 'channel_not_found', 'is_archived', 'missing_scope'] as PauseReason[]).map((r) => [`pause ${r}`, buildPauseNotice(w.channelId, r)])),
  };
  const setting = { on: true, channelId: w.channelId, ownChannelId: null, hour: 9, since: null };
  const digestTarget = {
    connectionId: 7, workspaceId: 'T1', timeZone: w.timeZone, weekday: 1, hour: 9, channelId: w.channelId, connectedAt: AT,
    summaries: { daily: setting, weekly: { ...setting, weekday: 1 }, monthly: { ...setting, on: false } },
  };
  const replies: Record<string, string> = {
    digestSchedule: scheduleReply({ ...digestTarget, timeZone: 'Europe/Berlin' }, NOW, new Map([['weekly', { periodStart: week.weekStart }]]), invalidDigestReply(w.typed, undefined)),
    digestProblem: invalidDigestReply(w.typed, 'The hour after `at` is a whole hour from 0 to 23.'),
    summarySetting: settingReply({ ...digestTarget, timeZone: 'Europe/Berlin' }, 'daily', NOW),
    digestNow: digestNowReply({ ok: true, week, channelId: w.channelId, chart: true }),
  };
  // The Home's "Summaries" and its modal: the zone is the only text not ours (a real zone where the next time is computed).
  views.homeWithSummaries = buildHomeView({ connection, apps, import: { complete: true, fraction: 1 }, slackToken: null, summaries: { target: { ...digestTarget, timeZone: 'Europe/Berlin' }, lastSent: new Map([['weekly', { periodStart: week.weekStart }]]), now: NOW } });
  views.summariesModal = buildSummariesModal({ connectionId: 7 }, { ...digestTarget, summaries: { ...digestTarget.summaries, daily: { ...setting, ownChannelId: w.channelId, skipEmpty: true } } });
  const parsed = parseFigureArgs(w.typed, apps, NOW, 'UTC', 'last 30d');
  if (!parsed.ok) replies.figureArgs = fallbackText(parsed.error);
  const matched = matchApp(w.typed, apps);
  if (!matched.ok) replies.matchApp = fallbackText(matched.error);
  return [
    ...routingViews(w, connection, own),
    ...Object.entries(views).map(([name, surface]) => ({ name, kind: 'view' as const, surface, allowed: own })),
    ...Object.entries(messages).map(([name, surface]) => ({ name, kind: 'message' as const, surface, allowed: own })),
    ...Object.entries(replies).map(([name, surface]) => ({ name, kind: 'reply' as const, surface, allowed: own })),
  ];
}

/** Every message, view and reply partnerbot builds, from one draw of hostile text. */
export function buildEverything(w: World): Built[] {
  const alerts = alertViews(w);
  const grouped = Array.from({ length: w.burst }, (_, i) => alerts[i % alerts.length]!);
  return [
    ...alerts.map((view) => ({ name: `alert ${view.details.kind}`, kind: 'message' as const, surface: buildAlertMessage(view), allowed: [] })),
    { name: 'grouped alert', kind: 'message', surface: buildGroupedMessage(grouped), allowed: [] },
    // A routing rule's mentions: hostile stored text is left out unless it is a mention the admin chose.
    { name: 'alert with mentions', kind: 'message', surface: withMentions(buildAlertMessage(alerts[0]!), [w.typed, '<!here>', `<@${ADMIN}>`]), allowed: ['<!here>', `<@${ADMIN}>`, ...(isMention(w.typed) ? [w.typed] : [])] },
    ...figureMessages(w),
    ...merchantViews(w),
    ...slackSurfaces(w),
  ];
}
