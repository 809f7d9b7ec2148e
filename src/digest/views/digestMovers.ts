import type { KnownBlock } from '@slack/types';
import type { Decimal } from 'decimal.js';
import { partnerDashboardUrl } from '../../domain/partnerDashboard.ts';
import { moverChange, type Capped, type CurrencyMovers, type ShopMover } from '../../metrics/movers.ts';
import { splitReasons } from '../../metrics/reasons.ts';
import { currencyCode, money, section } from '../../figures/views/figureBlocks.ts';
import { merchantText, mrkdwnList } from '../../slackApi/mrkdwn.ts';
import type { DigestReport } from '../digestReport.ts';
import { signedMoney } from './digestFormat.ts';

/** Currencies with their own movers; the rest are named. Four sections whatever the number of shops or currencies. */
export const MAX_MOVER_CURRENCIES = 2;
/** Room for "+N more" and the heading inside a 3,000-character section. */
const LIST_MAX = 2800;

type ListOf = (c: CurrencyMovers) => Capped<ShopMover>;

/** The biggest movers of the week: gains, losses, new and churned paying merchants, each linking to its Partner Dashboard page. */
export function moverSections(report: DigestReport): KnownBlock[] {
  if (report.movers.length === 0) return [section('*Biggest MRR movers*\nNo merchant\u2019s MRR changed this week.')];
  const line = moverLine(report);
  const lists: Array<[string, ListOf, string]> = [
    ['Biggest MRR gains', (c) => c.gains, 'no gains'],
    ['Biggest MRR losses', (c) => c.losses, 'no losses'],
    ['New paying merchants', (c) => c.newPaying, 'none'],
    ['Churned paying merchants', (c) => c.churned, 'none'],
  ];
  const shown = report.movers.slice(0, MAX_MOVER_CURRENCIES);
  const hidden = report.movers.slice(MAX_MOVER_CURRENCIES).map((c) => currencyCode(c.currency));
  const others = hidden.length > 0 ? `\n+${hidden.length} more ${hidden.length === 1 ? 'currency' : 'currencies'}: ${mrkdwnList(hidden, 200)}` : '';
  // Each shown currency gets its own share, so a long list in one never pushes the other out.
  const budget = Math.floor(LIST_MAX / shown.length);
  return lists.map(([title, pick, none]) => {
    const parts = shown.map((c) => {
      const list = pick(c);
      const heading = shown.length > 1 ? `_${currencyCode(c.currency)}_${list.shown.length === 0 ? `: ${none}` : ''}` : null;
      const all = list.shown.map(line);
      const lines = mrkdwnList(all, budget, { separator: '\n', more: (n) => `+${n + list.more} more` });
      // Cut for room, the list already counts the ones beyond the top; else they are added here.
      const more = list.more > 0 && lines === all.join('\n') ? `\n+${list.more} more` : '';
      return [heading, lines ? `${lines}${more}` : null].filter((p): p is string => p !== null).join('\n');
    });
    const body = parts.join('\n') || `${none.replace(/^./, (ch) => ch.toUpperCase())}.`;
    return section(`*${title}*\n${body}${others}`);
  });
}

/** What a mover line names besides the shop: the tracked apps (named when several) and the organization (for links). */
export type MoverContext = Pick<DigestReport, 'apps' | 'organizationId'>;

/** `• Shop — Basic $19.00/month → Pro $49.00/month, +$30.00`, the shop linked to the Partner Dashboard. */
export function moverLine(report: MoverContext): (m: ShopMover) => string {
  const appNames = new Map(report.apps.map((a) => [a.appId, a.name || `App ${a.appId}`]));
  const severalApps = report.apps.length > 1;
  return (m) => {
    const name = merchantText(m.shopName ?? m.shopDomain ?? `Shop ${m.shopId}`, 80);
    const url = partnerDashboardUrl(report.organizationId, m.shopId);
    const shop = url ? `<${url}|${name}>` : name;
    const app = severalApps ? ` (${merchantText(appNames.get(m.appId) ?? `App ${m.appId}`, 40)})` : '';
    const plans = `${plan(m.planBefore, m.from, m.currency)} \u2192 ${plan(m.planAfter, m.to, m.currency)}`;
    return `• ${shop}${app} — ${plans}, *${signedMoney(moverChange(m), m.currency)}*${m.kind === 'churned' ? ` · ${churnCause(m)}` : ''}${m.kind === 'reactivation' ? ' · returning' : ''}`;
  };
}

function plan(name: string | null, monthly: Decimal, currency: string): string {
  if (monthly.isZero()) return 'no plan';
  return `${name ? `${merchantText(name, 60)} ` : ''}${money(monthly, currency)}/month`;
}

function churnCause(m: ShopMover): string {
  if (!m.uninstall) return 'plan ended without an uninstall';
  const reasons = splitReasons(m.uninstall.reason).map((r) => merchantText(r, 100)).join(', ');
  const words = m.uninstall.description?.trim() ? ` “${merchantText(m.uninstall.description, 200)}”` : '';
  return `uninstalled: ${reasons}${words}`;
}
