import type { KnownBlock } from '@slack/types';
import type { InstallActivity } from '../../metrics/installs.ts';
import type { CurrencyMovements } from '../../metrics/movements.ts';
import type { RevenueReport } from '../../metrics/revenue.ts';
import { context, money, section } from '../../figures/views/figureBlocks.ts';
import { fallbackText, merchantText } from '../../slackApi/mrkdwn.ts';
import { currenciesOf, netOf, pct, signedCount } from './digestFormat.ts';
import type { DigestMessage } from './digestView.ts';

/** What the daily summary shows: yesterday (`day`, YYYY-MM-DD) against the day before. */
export interface DailyReport {
  day: string;
  timeZone: string;
  revenue: RevenueReport;
  previousRevenue: RevenueReport;
  activity: InstallActivity['total'];
  movements: CurrencyMovements[];
}

const MAX_CURRENCIES = 4;

/** No revenue, no install or uninstall, no merchant starting or stopping to pay. Pure. */
export function nothingHappened(report: DailyReport): boolean {
  const { paying, churned } = payingCounts(report);
  const a = report.activity;
  return currenciesOf(report.revenue.total).length === 0 && a.installs === 0 && a.uninstalls === 0 && paying === 0 && churned === 0;
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
    .map((c) => `${money(netOf(report.revenue.total, c), c)} (${pct(netOf(report.previousRevenue.total, c), netOf(report.revenue.total, c))} vs the day before)`);
  const lines = [
    head,
    `Net revenue: ${revenue.length > 0 ? revenue.join(' · ') : 'none'}`,
    `Installs ${a.installs} · Uninstalls ${a.uninstalls} · Net ${signedCount(a.net)}`,
    `New paying ${paying} · Churned paying ${churned}`,
  ];
  const blocks: KnownBlock[] = [section(lines.join('\n')), context([`Yesterday in ${merchantText(report.timeZone, 64)}. Details: \`/partner revenue yesterday\`, \`/partner churn yesterday\`.`])];
  return { text: fallbackText(`${title} ${report.day}: ${lines.slice(1).join(', ')}`), blocks };
}
