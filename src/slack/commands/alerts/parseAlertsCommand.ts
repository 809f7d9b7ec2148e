import { ALERT_KINDS, isAlertKind } from '../../../alerts/kinds.ts';
import type { RouteScope } from '../../../domain/alertRoute.ts';
import { merchantText } from '../../../slackApi/mrkdwn.ts';

/** A channel as typed: Slack's `<#C1|name>` (an id) or a bare `#name` still to be looked up. */
export type ChannelRef = { id: string } | { name: string };

/** A rule as typed, before its channel and app are checked against Slack and the connection. */
export interface RuleDraft {
  scope: RouteScope;
  kinds: string[];
  /** An app id or (part of) a name, as typed; null for every app. */
  app: string | null;
  channel: ChannelRef;
  paying: boolean;
  min: { amount: string; currency: string | null } | null;
  mention: string | null;
}

export type AlertsCommand =
  | { kind: 'list' }
  | { kind: 'kinds' }
  | { kind: 'add'; draft: RuleDraft }
  | { kind: 'remove'; position: number }
  | { kind: 'test'; channel: ChannelRef }
  | { kind: 'error'; message: string };

/** Mrkdwn: its angle brackets are entities, or Slack would read `<what>` as a link. */
export const ADD_USAGE = '`/partner alerts add &lt;what&gt; [for &lt;app&gt;] to #channel [paying] [min &lt;amount&gt;] [mention &lt;who&gt;]`';
const SCOPES = new Set(['all', 'installs', 'billing']);

/** Quoting what the user typed back to them: escaped and short (a command may carry 4,000 characters). */
const quote = (typed: string) => `\`${merchantText(typed, 60)}\``;
const fail = (message: string): AlertsCommand => ({ kind: 'error', message });

/**
 * Words of the command; a Slack token (`<@U1|Jane Doe>`) stays one word even with spaces in it. Each
 * `<` is scanned at most up to the next `<` or `>`, so the split is linear in the text's length.
 */
function words(text: string): string[] {
  return text.match(/<[^<>]*>|\S+/g) ?? [];
}

/** `/partner alerts <args>`, parsed without touching Slack or the database. Pure. */
export function parseAlertsCommand(args: string): AlertsCommand {
  const [first = '', ...rest] = words(args);
  switch (first.toLowerCase()) {
    case '':
    case 'list':
      return rest.length === 0 ? { kind: 'list' } : fail(`\`/partner alerts list\` takes nothing after it, not ${quote(rest.join(' '))}.`);
    case 'kinds':
      return { kind: 'kinds' };
    case 'add':
      return parseAdd(rest);
    case 'remove':
      return parseRemove(rest);
    case 'test': {
      if (rest.length !== 1) return fail('Name the channel to test: `/partner alerts test #channel`.');
      const channel = parseChannel(rest[0]!);
      return 'error' in channel ? fail(channel.error) : { kind: 'test', channel };
    }
    default:
      return fail(`${quote(first)} is not an alerts command. Use \`/partner alerts\`, \`/partner alerts kinds\`, ${ADD_USAGE}, \`/partner alerts remove &lt;N&gt;\` or \`/partner alerts test #channel\`.`);
  }
}

function parseRemove(rest: string[]): AlertsCommand {
  const n = rest.length === 1 && /^\d{1,6}$/.test(rest[0]!) ? Number(rest[0]) : 0;
  if (n < 1) return fail('Say which rule to remove by its number, e.g. `/partner alerts remove 2` (`/partner alerts` lists them).');
  return { kind: 'remove', position: n };
}

function parseAdd(rest: string[]): AlertsCommand {
  // `to` followed by a channel ends the "what [for app]" part: an app name may itself contain "to".
  const toAt = rest.findIndex((w, i) => w.toLowerCase() === 'to' && i + 1 < rest.length && looksLikeChannel(rest[i + 1]!));
  if (toAt < 0) {
    const bareTo = rest.findIndex((w) => w.toLowerCase() === 'to');
    if (bareTo >= 0) return fail(`After \`to\`, name a channel as \`#name\`. Usage: ${ADD_USAGE}`);
    return fail(`Say where the alerts go with \`to #channel\`. Usage: ${ADD_USAGE}`);
  }
  const head = rest.slice(0, toAt);
  const forAt = head.findIndex((w) => w.toLowerCase() === 'for');
  const whatWords = forAt < 0 ? head : head.slice(0, forAt);
  const appWords = forAt < 0 ? [] : head.slice(forAt + 1);
  if (whatWords.length === 0) return fail(`Say which alerts: \`all\`, \`installs\`, \`billing\` or kind names (\`/partner alerts kinds\`). Usage: ${ADD_USAGE}`);
  if (forAt >= 0 && appWords.length === 0) return fail('After `for`, name a tracked app by its id or name.');
  const what = parseWhat(whatWords.join(''));
  if ('error' in what) return fail(what.error);
  const channel = parseChannel(rest[toAt + 1]!);
  if ('error' in channel) return fail(channel.error);
  const options = parseOptions(rest.slice(toAt + 2));
  if ('error' in options) return fail(options.error);
  return { kind: 'add', draft: { ...what, app: appWords.length > 0 ? appWords.join(' ') : null, channel, ...options } };
}

const looksLikeChannel = (word: string) => word.startsWith('#') || word.startsWith('<#');

/** `all`, `installs`, `billing`, or kind names separated by commas (spaces already removed). */
export function parseWhat(text: string): { scope: RouteScope; kinds: string[] } | { error: string } {
  const lower = text.toLowerCase();
  if (SCOPES.has(lower)) return { scope: lower as RouteScope, kinds: [] };
  const names = lower.split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !isAlertKind(n));
  if (names.length === 0 || unknown.length > 0) {
    const shown = unknown.length > 0 ? `Unknown alert kind ${quote(unknown.join(', '))}.` : 'Say which alerts.';
    return { error: `${shown} Use \`all\`, \`installs\`, \`billing\`, or kinds separated by commas: ${ALERT_KINDS.join(', ')}.` };
  }
  // Kept in the canonical order, once each, whatever order they were typed in.
  return { scope: 'kinds', kinds: ALERT_KINDS.filter((k) => names.includes(k)) };
}

/** `<#C1|name>` or `<#C1>` as Slack escapes a channel, or `#name` as typed. */
export function parseChannel(word: string): ChannelRef | { error: string } {
  const escaped = /^<#([A-Z0-9]{1,40})(?:\|[^<>]*)?>$/i.exec(word);
  if (escaped) return { id: escaped[1]!.toUpperCase() };
  const named = /^#([\p{Ll}\p{Lo}\p{N}_-][\p{Ll}\p{Lo}\p{N}\p{M}._-]{0,79})$/u.exec(word.toLowerCase());
  if (named) return { name: named[1]! };
  return { error: `${quote(word)} is not a channel: type \`#\` and pick the channel from the list.` };
}

interface Options {
  paying: boolean;
  min: RuleDraft['min'];
  mention: string | null;
}

function parseOptions(rest: string[]): Options | { error: string } {
  const options: Options = { paying: false, min: null, mention: null };
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!.toLowerCase();
    if (word === 'paying') {
      options.paying = true;
    } else if (word === 'min') {
      const min = parseAmount(rest[i + 1], rest[i + 2]);
      if ('error' in min) return min;
      options.min = { amount: min.amount, currency: min.currency };
      i += min.words;
    } else if (word === 'mention') {
      const mention = rest[i + 1] === undefined ? null : parseMention(rest[i + 1]!);
      if (!mention) return { error: `After \`mention\`, name a person (\`@name\`), a user group, \`@here\` or \`@channel\`${rest[i + 1] === undefined ? '' : `, not ${quote(rest[i + 1]!)}`}.` };
      options.mention = mention;
      i += 1;
    } else {
      return { error: `${quote(rest[i]!)} is not a rule option: after the channel come \`paying\`, \`min &lt;amount&gt;\` and \`mention &lt;who&gt;\`.` };
    }
  }
  return options;
}

/** `50`, `50.5`, `$50` (US dollars) or `50 EUR`; the amount in the event's currency when none is given. */
export function parseAmount(word: string | undefined, next: string | undefined): { amount: string; currency: string | null; words: number } | { error: string } {
  const m = word === undefined ? null : /^(\$)?(\d{1,12}(?:\.\d{1,4})?)$/.exec(word);
  if (!m) return { error: `After \`min\`, give an amount such as \`min 50\` or \`min 50 EUR\`${word === undefined ? '' : `, not ${quote(word)}`}.` };
  const amount = m[2]!.replace(/^0+(?=\d)/, '');
  if (next !== undefined && /^[a-z]{3}$/i.test(next) && !['min'].includes(next.toLowerCase())) {
    if (m[1]) return { error: 'Give the amount either as `$50` or as `50 USD`, not both.' };
    return { amount, currency: next.toUpperCase(), words: 2 };
  }
  return { amount, currency: m[1] ? 'USD' : null, words: 1 };
}

/** Slack's mention syntax for who a rule's alerts mention, or null when `word` is none of them. */
export function parseMention(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower === '@here' || lower === '<!here>' || lower === '<!here|here>' || lower === '<!here|@here>') return '<!here>';
  if (lower === '@channel' || lower === '<!channel>' || lower === '<!channel|channel>' || lower === '<!channel|@channel>') return '<!channel>';
  const user = /^<@([UW][A-Z0-9]{1,40})(?:\|[^<>]*)?>$/i.exec(word);
  if (user) return `<@${user[1]!.toUpperCase()}>`;
  const group = /^<!subteam\^(S[A-Z0-9]{1,40})(?:\|[^<>]*)?>$/i.exec(word);
  if (group) return `<!subteam^${group[1]!.toUpperCase()}>`;
  return null;
}
