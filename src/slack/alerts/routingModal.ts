import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { ALERT_KIND_LABELS, ALERT_KINDS } from '../../alerts/kinds.ts';
import type { AlertRoute, RouteScope } from '../../domain/alertRoute.ts';
import type { TrackedApp } from '../../domain/connection.ts';
import { plain, plainLine, plainValue, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import type { ViewStateValues } from '../../slackApi/viewState.ts';
import { parseAmount, parseMention } from '../commands/alerts/parseAlertsCommand.ts';
import type { RouteRequest } from './routeChanges.ts';

export const ROUTING_MODAL_CALLBACK = 'alert_routing_rule';

/** Block ids double as the keys of inline errors; the action id inside each block is `value`. */
export const ROUTE_BLOCKS = {
  what: 'route_what',
  kinds: 'route_kinds',
  app: 'route_app',
  channel: 'route_channel',
  paying: 'route_paying',
  min: 'route_min',
  mentionSpecial: 'route_mention_special',
  mentionUser: 'route_mention_user',
  mentionGroup: 'route_mention_group',
} as const;
export const ROUTE_ACTION = 'value';

/** A static select holds 100 options: "All apps" and 99 tracked apps. */
const MAX_APP_OPTIONS = 99;
const ALL_APPS = 'all';

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, PLAIN_LIMITS.option), value });
const WHAT_OPTIONS: Record<RouteScope, PlainTextOption> = {
  all: option('All alerts', 'all'),
  installs: option('Installs (install, reinstall, uninstall, store closed/reopened)', 'installs'),
  billing: option('Billing (every other kind)', 'billing'),
  kinds: option('Only the kinds chosen below', 'kinds'),
};
const KIND_OPTIONS = ALERT_KINDS.map((k) => option(ALERT_KIND_LABELS[k], k));
const SPECIAL_OPTIONS = [option('No one', 'none'), option('@here', '<!here>'), option('@channel', '<!channel>')];

/** What the modal edits: a new rule, or rule `position` (whose id guards against renumbering meanwhile). */
export interface RoutingModalMeta {
  connectionId: number;
  position: number | null;
  routeId: number | null;
}

const label = (text: string) => plain(text, PLAIN_LIMITS.label);
const input = (blockId: string, text: string, element: Record<string, unknown>, optional = false, hint?: string): KnownBlock =>
  ({ type: 'input', block_id: blockId, optional, label: label(text), element: { action_id: ROUTE_ACTION, ...element }, ...(hint ? { hint: plain(hint, PLAIN_LIMITS.hint) } : {}) }) as KnownBlock;

/** The Add / Edit rule modal; `route` fills it in for an edit. */
export function buildRoutingModal(meta: RoutingModalMeta, apps: readonly TrackedApp[], route: AlertRoute | null): View {
  const appOptions = [option('All apps', ALL_APPS), ...apps.slice(0, MAX_APP_OPTIONS).map((a) => option(`${plainLine(a.name, 50)} (${plainLine(a.appId, 20)})`, plainLine(a.appId, 150)))];
  const initialApp = appOptions.find((o) => o.value === (route?.appId ?? ALL_APPS));
  const kinds = KIND_OPTIONS.filter((o) => route?.scope === 'kinds' && route.kinds.includes(o.value!));
  const special = SPECIAL_OPTIONS.find((o) => o.value === route?.mention);
  const user = /^<@([A-Z0-9]+)>$/.exec(route?.mention ?? '')?.[1];
  const group = /^<!subteam\^([A-Z0-9]+)>$/.exec(route?.mention ?? '')?.[1];
  const min = route?.min ? `${route.min.amount}${route.min.currency ? ` ${route.min.currency}` : ''}` : '';
  const blocks: KnownBlock[] = [
    input(ROUTE_BLOCKS.what, 'Which alerts', { type: 'static_select', options: Object.values(WHAT_OPTIONS), initial_option: WHAT_OPTIONS[route?.scope ?? 'all'] }),
    input(ROUTE_BLOCKS.kinds, 'Kinds (when "Only the kinds chosen below")', { type: 'multi_static_select', options: KIND_OPTIONS, ...(kinds.length > 0 ? { initial_options: kinds } : {}) }, true),
    input(ROUTE_BLOCKS.app, 'App', { type: 'static_select', options: appOptions, ...(initialApp ? { initial_option: initialApp } : {}) }),
    input(ROUTE_BLOCKS.channel, 'Channel', {
      type: 'conversations_select',
      filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true },
      // Only a real channel id: Slack refuses the whole view over a malformed one.
      ...(route && /^[A-Z0-9]{1,40}$/.test(route.channelId) ? { initial_conversation: route.channelId } : {}),
    }, false, 'A public channel is joined; for a private one, /invite @partnerbot there first.'),
    input(ROUTE_BLOCKS.paying, 'Filter', {
      type: 'checkboxes',
      options: [option('Only shops that were paying', 'paying')],
      ...(route?.paying ? { initial_options: [option('Only shops that were paying', 'paying')] } : {}),
    }, true),
    input(ROUTE_BLOCKS.min, 'Minimum amount (billing alerts)', { type: 'plain_text_input', placeholder: plain('50 or 50 EUR', PLAIN_LIMITS.placeholder), ...(min ? { initial_value: plainValue(min, 40) } : {}) }, true,
      'Only billing alerts of at least this much (monthly amount or charge); without a currency, in any currency.'),
    input(ROUTE_BLOCKS.mentionSpecial, 'Mention', { type: 'static_select', options: SPECIAL_OPTIONS, initial_option: special ?? SPECIAL_OPTIONS[0]! }, true),
    input(ROUTE_BLOCKS.mentionUser, 'Or mention a person', { type: 'users_select', ...(user ? { initial_user: user } : {}) }, true),
    input(ROUTE_BLOCKS.mentionGroup, 'Or mention a user group (its ID, S…)', { type: 'plain_text_input', ...(group ? { initial_value: group } : {}) }, true),
  ];
  return {
    type: 'modal',
    callback_id: ROUTING_MODAL_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: plain(meta.position === null ? 'Add alert rule' : `Edit rule ${meta.position}`, PLAIN_LIMITS.modalTitle),
    submit: plain('Save', PLAIN_LIMITS.modalTitle),
    close: plain('Cancel', PLAIN_LIMITS.modalTitle),
    blocks,
  };
}

export type RoutingFormValues = ViewStateValues;

export type RoutingForm = { ok: true; request: RouteRequest } | { ok: false; errors: Record<string, string> };

/** Reads a submitted modal into a rule, or the inline errors to show. Pure. */
export function parseRoutingForm(values: RoutingFormValues): RoutingForm {
  const get = (block: string) => values[block]?.[ROUTE_ACTION];
  const errors: Record<string, string> = {};
  const what = get(ROUTE_BLOCKS.what)?.selected_option?.value ?? 'all';
  const scope: RouteScope = what === 'installs' || what === 'billing' || what === 'kinds' ? what : 'all';
  const chosen = (get(ROUTE_BLOCKS.kinds)?.selected_options ?? []).map((o) => o.value ?? '');
  const kinds = ALERT_KINDS.filter((k) => chosen.includes(k));
  if (scope === 'kinds' && kinds.length === 0) errors[ROUTE_BLOCKS.kinds] = 'Choose at least one kind, or another "Which alerts".';
  const appValue = get(ROUTE_BLOCKS.app)?.selected_option?.value ?? ALL_APPS;
  const channelId = get(ROUTE_BLOCKS.channel)?.selected_conversation ?? '';
  if (!channelId) errors[ROUTE_BLOCKS.channel] = 'Choose a channel.';
  const paying = (get(ROUTE_BLOCKS.paying)?.selected_options ?? []).some((o) => o.value === 'paying');
  const min = parseMin(get(ROUTE_BLOCKS.min)?.value ?? '');
  if (min !== null && 'error' in min) errors[ROUTE_BLOCKS.min] = min.error;
  const mention = parseFormMention(get(ROUTE_BLOCKS.mentionSpecial)?.selected_option?.value ?? 'none', get(ROUTE_BLOCKS.mentionUser)?.selected_user ?? null, get(ROUTE_BLOCKS.mentionGroup)?.value ?? '');
  if (mention !== null && typeof mention === 'object') errors[mention.block] = mention.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      scope, kinds: scope === 'kinds' ? kinds : [], app: appValue === ALL_APPS ? null : appValue, channelId, paying,
      min: min === null || 'error' in min ? null : min, mention: typeof mention === 'string' ? mention : null,
    },
  };
}

function parseMin(text: string): { amount: string; currency: string | null } | { error: string } | null {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  const parsed = words.length <= 2 ? parseAmount(words[0], words[1]) : null;
  if (!parsed || 'error' in parsed || parsed.words !== words.length) return { error: 'Give an amount such as 50 or 50 EUR.' };
  return { amount: parsed.amount, currency: parsed.currency };
}

function parseFormMention(special: string, user: string | null, groupText: string): string | null | { block: string; error: string } {
  const group = groupText.trim();
  const picked = [special !== 'none', user !== null && user !== '', group !== ''].filter(Boolean).length;
  if (picked > 1) return { block: ROUTE_BLOCKS.mentionSpecial, error: 'Choose one mention: @here or @channel, a person, or a user group.' };
  if (special === '<!here>' || special === '<!channel>') return special;
  if (user) return parseMention(`<@${user}>`) ?? { block: ROUTE_BLOCKS.mentionUser, error: 'Choose a person from the list.' };
  if (group) {
    const id = /^S[A-Z0-9]{1,40}$/i.test(group) ? `<!subteam^${group}>` : group;
    return parseMention(id) ?? { block: ROUTE_BLOCKS.mentionGroup, error: 'Give the user group\'s ID, which starts with S (in Slack: the group\'s profile, ⋯, Copy group ID).' };
  }
  return null;
}
