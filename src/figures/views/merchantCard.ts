import type { KnownBlock } from '@slack/types';
import { Decimal } from 'decimal.js';
import type { MerchantAppFacts, MerchantFacts } from '../merchantFacts.ts';
import { fallbackText, merchantText, mrkdwnList, slackDate } from '../../slackApi/mrkdwn.ts';
import { plain } from '../../slackApi/plainText.ts';
import { partnerDashboardUrl } from '../../domain/partnerDashboard.ts';
import { eventLabel } from './eventLabels.ts';
import { fields, header, money, notes, plural, section, type FigureMessage } from './figureBlocks.ts';

export interface MerchantCardInput {
  facts: MerchantFacts;
  /** The Partner organization, for the Partner Dashboard link (digits only, else no link). */
  organizationId: string;
  notes: string[];
}

/** Apps shown with their own block pair; three blocks each, 50 per message with the rest of the card. */
const MAX_APPS = 12;
const NAME_MAX = 150;
const DATE = '{date_short_pretty}';

/** "Acme (acme.myshopify.com)", or "Shop 42" for a REDACTED shop (no name or domain stored). */
export function shopTitle(facts: Pick<MerchantFacts, 'shopId' | 'shopName' | 'shopDomain'>): string {
  const name = facts.shopName ? `*${merchantText(facts.shopName, NAME_MAX)}*` : null;
  const domain = facts.shopDomain ? merchantText(facts.shopDomain, NAME_MAX) : null;
  const id = `shop ${merchantText(facts.shopId, 30)}`;
  if (name && domain) return `${name} (${domain}) · ${id}`;
  if (name || domain) return `${name ?? domain} · ${id}`;
  return `*Shop ${merchantText(facts.shopId, 30)}* (name and domain REDACTED by Shopify)`;
}


const date = (iso: string | null) => (iso ? slackDate(iso, DATE, iso.slice(0, 10)) : 'unknown');

const INSTALL_WORDS: Record<MerchantAppFacts['install'], string> = {
  installed: ':large_green_circle: Installed',
  uninstalled: ':red_circle: Uninstalled',
  closed: ':lock: Store closed',
  never: ':white_circle: Not installed',
};

function planLine(app: MerchantAppFacts): string {
  const plan = app.plan;
  if (!plan) return 'none';
  const name = plan.name ? merchantText(plan.name, 100) : 'a plan';
  const price = plan.monthly ? `${money(new Decimal(plan.monthly.amount), plan.monthly.currency)}/month${plan.intervalUnknown ? ' (interval unknown)' : ''}` : 'price unknown';
  return `${name} · ${price}${plan.status === 'frozen' ? ' · frozen' : ''}${plan.test ? ' [TEST]' : ''}`;
}

function appBlocks(app: MerchantAppFacts): KnownBlock[] {
  const revenue = app.revenue.length > 0 ? mrkdwnList(app.revenue.map((r) => money(new Decimal(r.net), r.currency)), 1500) : 'none';
  return [
    section(`*${merchantText(app.appName, NAME_MAX)}* · ${INSTALL_WORDS[app.install]}`),
    fields([
      `*First install*\n${date(app.firstInstall)}`,
      `*Reinstalls*\n${app.reinstalls.toLocaleString('en-US')}`,
      `*Plan*\n${planLine(app)}`,
      `*Paying since*\n${app.payingSince ? date(app.payingSince) : 'not paying'}`,
      `*Lifetime net revenue*\n${revenue}`,
    ]),
  ];
}

/** The merchant card: per tracked app, the last events and every uninstall reason; within Block Kit limits for any input. */
export function buildMerchantCard(input: MerchantCardInput): FigureMessage {
  const { facts } = input;
  const title = shopTitle(facts);
  const blocks: KnownBlock[] = [header(`Merchant · ${facts.shopName ?? facts.shopDomain ?? `Shop ${facts.shopId}`}`), section(title)];
  const url = partnerDashboardUrl(input.organizationId, facts.shopId);
  if (url) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: 'merchant_partner_dashboard', text: plain('Partner Dashboard', 75), url }] });
  }
  if (facts.apps.length === 0) blocks.push(section('No events of a tracked app are stored for this shop yet.'));
  for (const app of facts.apps.slice(0, MAX_APPS)) blocks.push({ type: 'divider' }, ...appBlocks(app));
  if (facts.apps.length > MAX_APPS) blocks.push(section(`+${facts.apps.length - MAX_APPS} more apps`));
  if (facts.lastEvents.length > 0) {
    const lines = facts.lastEvents.map((e) => `• ${date(e.occurredAt)} · ${merchantText(e.appName, 80)}: ${eventLabel(e.type)}${e.test ? ' [TEST]' : ''}`);
    const heading = `*Last ${plural(facts.lastEvents.length, 'event')}*${facts.eventCount > facts.lastEvents.length ? ` of ${facts.eventCount.toLocaleString('en-US')}` : ''}`;
    blocks.push({ type: 'divider' }, section(`${heading}\n${mrkdwnList(lines, 2800, { separator: '\n', more: (n) => `…and ${n} more` })}`));
  }
  const reasons = facts.uninstalls.map((u) => {
    const said = u.reasons.length > 0 ? u.reasons.map((r) => merchantText(r, 150)).join(', ') : 'no reason given';
    const words = u.description ? ` — “${merchantText(u.description, 300)}”` : '';
    return `• ${date(u.occurredAt)} · ${merchantText(u.appName, 80)}: ${said}${words}`;
  });
  if (reasons.length > 0) blocks.push(section(`*Uninstall reasons*\n${mrkdwnList(reasons, 2800, { separator: '\n', more: (n) => `+${n} more` })}`));
  blocks.push(...notes(input.notes));
  const text = `Merchant ${title}: ${facts.apps.map((a) => `${merchantText(a.appName, 80)} ${INSTALL_WORDS[a.install].replace(/^:[a-z_]+: /, '').toLowerCase()}`).join(', ') || 'no tracked app events'}`;
  return { text: fallbackText(text), blocks };
}

