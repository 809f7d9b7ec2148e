import type { KnownBlock } from '@slack/types';
import type { InstallActivity } from '../../metrics/installs.ts';
import type { CurrencyMovements } from '../../metrics/movements.ts';
import type { RevenueReport } from '../../metrics/revenue.ts';
import type { CurrencyMovers } from '../../metrics/movers.ts';
import { context, currencyCode, money, section } from '../../figures/views/figureBlocks.ts';
import { fallbackText, merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { currenciesOf, grossOf, netOf, pct, signedCount } from './digestFormat.ts';
import { moverLine, type MoverContext } from './digestMovers.ts';
import type { DigestMessage } from './digestView.ts';

/** What the daily summary shows: yesterday (`day`, YYYY-MM-DD) against the day before. */
export interface DailyReport extends MoverContext {
  day: string;
  timeZone: string;
  revenue: RevenueReport;
  previousRevenue: RevenueReport;
  activity: InstallActivity['total'];
  movements: CurrencyMovements[];
  /** Yesterday's biggest MRR movers per currency (DAILY_TOP each way); only the first currency is shown. */
  movers: CurrencyMovers[];
}

const MAX_CURRENCIES = 4;
/** The daily summary stays a few lines: the 3 largest gains and losses of one currency. */
export const DAILY_TOP = 3;
/** Room for the movers inside one 3,000-character section. */
const MOVERS_MAX = 2400;

/** No revenue, no install or uninstall, no merchant starting or stopping to pay. Pure. */
export function nothingHappened(report: DailyReport): boolean {
  const { paying, churned } = payingCounts(report);
  const a = report.activity;
  return currenciesOf(report.revenue.total).length === 0 && a.installs === 0 && a.uninstalls === 0 && paying === 0 && churned === 0 && report.movers.length === 0;
}

function payingCounts(report: DailyReport): { paying: number; churned: number } {
  return {
    paying: report.movements.reduce((n, m) => n + m.counts.new + m.counts.reactivation, 0),
    churned: report.movements.reduce((n, m) => n + m.counts.churned, 0),
  };
}

/** A few lines, no chart; one line when nothing happened. Pure. */
export function buildDailyMessage(report: DailyReport, title: string): DigestMessage {
  const head = `*${merchantText(title, 80)} · ${report.day}*`;
  const { paying, churned } = payingCounts(report);
  const a = report.activity;
  if (nothingHappened(report)) {
    return { text: `${title} ${report.day}: nothing happened yesterday.`, blocks: [section(`${head} — Nothing happened yesterday.`)] };
  }
  const revenue = currenciesOf(report.revenue.total, report.previousRevenue.total)
    .slice(0, MAX_CURRENCIES)
    .map((c) => `${money(netOf(report.revenue.total, c), c)} (${pct(netOf(report.previousRevenue.total, c), netOf(report.revenue.total, c))} vs the day before; gross ${money(grossOf(report.revenue.total, c), c)})`);
  const lines = [
    head,
    `Net revenue: ${revenue.length > 0 ? revenue.join(' · ') : 'none'}`,
    `Installs ${a.installs} · Uninstalls ${a.uninstalls} · Net ${signedCount(a.net)}`,
    `New paying ${paying} · Churned paying ${churned}`,
  ];
  const movers = moversText(report);
  const blocks: KnownBlock[] = [section(lines.join('\n')), ...(movers ? [section(movers)] : []), context([`Yesterday in ${merchantText(report.timeZone, 64)}. Details: \`/partner revenue yesterday\`, \`/partner churn yesterday\`.`])];
  return { text: fallbackText(`${title} ${report.day}: ${lines.slice(1).join(', ')}`), blocks };
}

/** `*Biggest MRR movers*` then up to 3 gains and 3 losses of the first currency, each shop linked; '' when none. */
function moversText(report: DailyReport): string {
  const first = report.movers[0];
  if (!first) return '';
  const line = moverLine(report);
  const items = [...first.gains.shown, ...first.losses.shown].map(line);
  const others = report.movers.length > 1 ? ` (${currencyCode(first.currency)}; other currencies in \`/partner mrr\`)` : '';
  return `*Biggest MRR movers*${others}\n${mrkdwnList(items, MOVERS_MAX, { separator: '\n' })}`;
}
