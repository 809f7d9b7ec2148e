import type { KnownBlock } from '@slack/types';
import { Decimal } from 'decimal.js';
import type { DigestReport } from '../digestReport.ts';
import type { CurrencyMovements } from '../../metrics/movements.ts';
import { context, currencyCode, header, money, section } from '../../figures/views/figureBlocks.ts';
import { fallbackText, merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { appSections } from './digestAppSections.ts';
import { moverSections } from './digestMovers.ts';
import { currenciesOf, formatMonth, formatWeekRange, grossOf, netOf, pct, signedCount, signedMoney } from './digestFormat.ts';

export interface DigestMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface DigestViewInput {
  report: DigestReport;
  /** "Weekly digest" for the scheduled one; the on-demand one says so. */
  title: string;
  /** Whether a chart follows the message. */
  chart: boolean;
}

/** Shown per figure: more currencies than this are summarized as "+N more currencies". */
export const MAX_CURRENCIES = 4;

/** The digest as Block Kit, within Slack's limits whatever the number of apps, currencies and reasons. Pure. */
export function buildDigestMessage(input: DigestViewInput): DigestMessage {
  const { report } = input;
  const monthly = report.cadence === 'monthly';
  const range = monthly ? formatMonth(report.week.weekStart) : formatWeekRange(report.week.weekStart);
  const compared = monthly
    ? `Calendar month in ${merchantText(report.timeZone, 64)} · compared with the month before (${formatMonth(report.previousWeek.weekStart)})`
    : `Monday–Sunday in ${merchantText(report.timeZone, 64)} · compared with the week before (${formatWeekRange(report.previousWeek.weekStart)})`;
  const scope = report.apps.length === 1 ? report.apps[0]!.name || `App ${report.apps[0]!.appId}` : `All apps (${report.apps.length})`;
  const blocks: KnownBlock[] = [
    header(`${input.title} · ${range}`),
    context([`${merchantText(scope, 150)} · ${compared}`]),
    section(`*Revenue*\n${revenueLines(report).join('\n')}`),
    section(`*MRR*\n${mrrLines(report.mrr.total).join('\n')}`),
    section(`*Installs*\n${installLine(report)}`),
    section(`*Top uninstall reasons*\n${reasonLines(report)}`),
    ...moverSections(report),
  ];
  if (report.apps.length > 1) blocks.push({ type: 'divider' }, ...appSections(report));
  const notes = [
    input.chart ? (monthly ? 'Chart below: net revenue per month and MRR, last 12 months.' : 'Chart below: net revenue per week and MRR, last 12 weeks.') : null,
    report.revenue.current.total.length + report.mrr.total.length > 1 ? 'Currencies are never added together.' : null,
    'Net = what reaches your payout. Details: `/partner revenue last week`, `/partner mrr`, `/partner churn last week`.',
    ...report.notes,
  ].filter((n): n is string => n !== null);
  blocks.push(context(notes));
  return { text: fallbackText(summaryText(input.title, range, report)), blocks };
}

function revenueLines(report: DigestReport): string[] {
  const { current, previous } = report.revenue;
  const currencies = currenciesOf(current.total, previous.total);
  if (currencies.length === 0) return ['No revenue this week or the week before (change n/a).'];
  return limited(currencies, (c) => {
    const net = netOf(current.total, c);
    const prevNet = netOf(previous.total, c);
    const gross = grossOf(current.total, c);
    const prevGross = grossOf(previous.total, c);
    return (
      `Net *${money(net, c)}* (${pct(prevNet, net)} vs ${money(prevNet, c)})` +
      ` · Gross ${money(gross, c)} (${pct(prevGross, gross)} vs ${money(prevGross, c)})`
    );
  });
}

function mrrLines(movements: readonly CurrencyMovements[]): string[] {
  if (movements.length === 0) return ['No MRR at the end of this week or the week before (change n/a).'];
  return limited(
    movements.map((m) => m.currency),
    (c) => {
      const m = movements.find((x) => x.currency === c)!;
      const kinds = (
        [
          ['New', m.amounts.new, m.counts.new, 1],
          ['Reactivation', m.amounts.reactivation, m.counts.reactivation, 1],
          ['Expansion', m.amounts.expansion, m.counts.expansion, 1],
          ['Contraction', m.amounts.contraction, m.counts.contraction, -1],
          ['Churned', m.amounts.churned, m.counts.churned, -1],
        ] as const
      ).map(([label, amount, count, sign]) => `${label} ${signedMoney(new Decimal(amount).times(sign), c)} (${count})`);
      return `*${money(m.mrrEnd, c)}* now (${pct(m.mrrStart, m.mrrEnd)} vs ${money(m.mrrStart, c)} a week ago)\n${kinds.join(' · ')}`;
    },
  );
}

function installLine(report: DigestReport): string {
  const now = report.activity.current.total;
  const before = report.activity.previous.total;
  const extra = [now.reinstalls > 0 ? `${now.reinstalls} reinstalls` : null, now.closures > 0 ? `${now.closures} store closures` : null].filter(Boolean);
  return (
    `Installs *${now.installs}* · Uninstalls *${now.uninstalls}* · Net *${signedCount(now.net)}*` +
    `   (week before: ${before.installs} · ${before.uninstalls} · ${signedCount(before.net)})` +
    (extra.length > 0 ? `\nIncluding ${extra.join(', ')}` : '')
  );
}

function reasonLines(report: DigestReport): string {
  const { reasons } = report;
  if (reasons.uninstalls === 0) return 'No uninstalls this week.';
  return reasons.reasons
    .slice(0, 5)
    .map((r, i) => `${i + 1}. ${merchantText(r.reason, 120)} — ${r.count}`)
    .join('\n');
}

function limited(currencies: string[], line: (currency: string) => string): string[] {
  const shown = currencies.slice(0, MAX_CURRENCIES).map(line);
  const more = currencies.length - MAX_CURRENCIES;
  return more > 0 ? [...shown, `+${more} more ${more === 1 ? 'currency' : 'currencies'}: ${mrkdwnList(currencies.slice(MAX_CURRENCIES).map(currencyCode), 600)}`] : shown;
}

function summaryText(title: string, range: string, report: DigestReport): string {
  const revenue = currenciesOf(report.revenue.current.total, report.revenue.previous.total)
    .slice(0, MAX_CURRENCIES)
    .map((c) => `net revenue ${money(netOf(report.revenue.current.total, c), c)} (${pct(netOf(report.revenue.previous.total, c), netOf(report.revenue.current.total, c))})`);
  const mrr = report.mrr.total.slice(0, MAX_CURRENCIES).map((m) => `MRR ${money(m.mrrEnd, m.currency)} (${pct(m.mrrStart, m.mrrEnd)})`);
  const a = report.activity.current.total;
  return `${title} ${range}: ${[...(revenue.length ? revenue : ['no revenue']), ...mrr, `${a.installs} installs, ${a.uninstalls} uninstalls`].join(', ')}`;
}
