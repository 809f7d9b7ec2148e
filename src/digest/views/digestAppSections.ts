import type { KnownBlock } from '@slack/types';
import type { DigestReport } from '../digestReport.ts';
import { zeroActivityCounts } from '../../metrics/installs.ts';
import { context, money, section } from '../../figures/views/figureBlocks.ts';
import { merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import { currenciesOf, netOf, pct, signedCount } from './digestFormat.ts';

/** Apps beyond this are named in one line: 50 blocks per message, whatever the number of apps. */
export const MAX_APP_SECTIONS = 30;
const MAX_APP_CURRENCIES = 3;

/** One short section per tracked app (only when there are several), in the order they are tracked. */
export function appSections(report: DigestReport): KnownBlock[] {
  const blocks: KnownBlock[] = [section('*By app*')];
  for (const app of report.apps.slice(0, MAX_APP_SECTIONS)) {
    const current = report.revenue.current.byApp.get(app.appId) ?? [];
    const previous = report.revenue.previous.byApp.get(app.appId) ?? [];
    const revenue = currenciesOf(current, previous).slice(0, MAX_APP_CURRENCIES);
    const revenueText = revenue.length === 0 ? 'no revenue (n/a)' : revenue.map((c) => `${money(netOf(current, c), c)} (${pct(netOf(previous, c), netOf(current, c))})`).join(', ');
    const mrr = (report.mrr.byApp.get(app.appId) ?? []).slice(0, MAX_APP_CURRENCIES);
    const mrrText = mrr.length === 0 ? 'none' : mrr.map((m) => `${money(m.mrrEnd, m.currency)} (${pct(m.mrrStart, m.mrrEnd)})`).join(', ');
    const a = report.activity.current.byApp.get(app.appId) ?? zeroActivityCounts();
    blocks.push(
      section(
        `*${merchantText(app.name || `App ${app.appId}`, 150)}*\nNet revenue ${revenueText} · MRR ${mrrText}\n` +
          `Installs ${a.installs} · Uninstalls ${a.uninstalls} · Net ${signedCount(a.net)}`,
      ),
    );
  }
  const rest = report.apps.slice(MAX_APP_SECTIONS);
  if (rest.length > 0) {
    const names = mrkdwnList(rest.map((a) => merchantText(a.name || a.appId, 60)), 1700);
    blocks.push(context([`+${rest.length} more apps: ${names}. Use \`/partner revenue last week &lt;app&gt;\` for each.`]));
  }
  return blocks;
}
