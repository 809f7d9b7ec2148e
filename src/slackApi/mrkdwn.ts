import type { MrkdwnElement } from '@slack/types';
import { charLength, cleanText, ELLIPSIS, leadingGraphemes, oneLine, takeUnits } from './textCut.ts';

/**
 * Text from outside partnerbot (the Partner API, a user, Slack) inside mrkdwn. Escaping comes first
 * and cutting second, so a cut measures what Slack measures and never splits an entity.
 *
 * What escaping neutralises, and why:
 * - `&`, `<`, `>` become entities: `<@U1>`, `<!here>`, `<http://x|y>` and `<!date…>` cannot act.
 * - A backtick becomes `ˋ` (U+02CB): one backtick opens a code span, three a code block, and either
 *   would swallow our own text up to our next backtick and show our mentions and bold as raw.
 * - `*`, `_` and `~` become look-alikes (∗ ˍ ∼) only where Slack could read them as a marker, i.e. not
 *   between two letters or digits: an unpaired one would pair with our own bold or italic markers
 *   and restyle our text. Inside a word (`snake_case`, `2*3`) they never format, so they stay.
 * - Bidi embeddings/overrides and control characters are dropped (textCut.ts `cleanText`).
 * Line breaks are kept here; `merchantText` makes one line of it, so untrusted text never starts a
 * line of ours (a `> quote`, a list). Mrkdwn text objects are sent with `verbatim: true` (see
 * `mrkdwn`), so a bare URL, `#channel` or `@here` in merchant words is not auto-parsed either.
 */
export function escapeMrkdwn(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, '\u02CB')
    .replace(/(?<![\p{L}\p{N}])[*_~]|[*_~](?![\p{L}\p{N}])/gu, (marker) => LOOK_ALIKES[marker]!);
}

const LOOK_ALIKES: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C' };

/** The pieces of built mrkdwn that a cut must keep whole: entities and `<…>` tokens (ours, since raw `<` from elsewhere is escaped). */
const ATOMIC = /&(?:amp|lt|gt);|<[^<>]*>/g;
const isAtomic = (unit: string) => unit.startsWith('&') || unit.startsWith('<');

function* mrkdwnUnits(text: string, max: number): Generator<string> {
  let last = 0;
  let seen = 0;
  for (const match of text.matchAll(ATOMIC)) {
    if (seen > max) return;
    const run = text.slice(last, match.index);
    yield* leadingGraphemes(run, max);
    yield match[0];
    seen += charLength(run) + charLength(match[0]);
    last = match.index + match[0].length;
  }
  yield* leadingGraphemes(text.slice(last), max);
}

/**
 * Built (already escaped) mrkdwn cut to `max` characters with "…": between grapheme clusters,
 * never inside `&amp;`/`&lt;`/`&gt;` or a `<#C1>`/`<!date…>` token.
 */
export function cutMrkdwn(text: string, max: number): string {
  if (charLength(text) <= max) return text;
  if (max < 1) return '';
  return `${takeUnits(mrkdwnUnits(text, max), max - 1, isAtomic)}${ELLIPSIS}`;
}

/** Merchant or user text as one line of mrkdwn of at most `max` characters: escaped, then cut. */
export function merchantText(text: string, max = 500): string {
  return cutMrkdwn(escapeMrkdwn(oneLine(text)), max);
}

export interface ListOptions {
  /** Between items; `, ` unless given. */
  separator?: string;
  /** What stands for the `n` items left out; `+N more` unless given. */
  more?: (n: number) => string;
  /** Items listed at most, however short they are. */
  maxItems?: number;
}

/**
 * Built mrkdwn items joined with `separator`, as many as fit in `max` characters (and `maxItems`),
 * then "+N more". An item too long to fit even alone is cut. The result never exceeds `max`.
 */
export function mrkdwnList(items: readonly string[], max: number, options: ListOptions = {}): string {
  const separator = options.separator ?? ', ';
  const more = options.more ?? ((n: number) => `+${n} more`);
  const limit = options.maxItems ?? items.length;
  const all = items.slice(0, limit).join(separator);
  if (items.length <= limit && charLength(all) <= max) return all;
  const sepLength = charLength(separator);
  const shown: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    if (i === limit) break;
    const tail = `${separator}${more(items.length - i - 1)}`;
    const size = (shown.length > 0 ? sepLength : 0) + charLength(item);
    if (used + size + (i < items.length - 1 ? charLength(tail) : 0) > max) break;
    shown.push(item);
    used += size;
  }
  if (items.length === 1) return cutMrkdwn(all, max);
  if (shown.length === 0) {
    const suffix = `${separator}${more(items.length - 1)}`;
    return cutMrkdwn(`${cutMrkdwn(items[0] ?? '', Math.max(1, max - charLength(suffix)))}${suffix}`, max);
  }
  return `${shown.join(separator)}${separator}${more(items.length - shown.length)}`;
}

/** A mrkdwn text object within Slack's 3,000 characters; `verbatim` so plain words are never auto-linked. */
export function mrkdwn(text: string, max = 3000): MrkdwnElement {
  return { type: 'mrkdwn', text: cutMrkdwn(text, max) || ELLIPSIS, verbatim: true };
}

/** `<#C1>` for a Slack channel id; anything that is not an id shows as escaped text and links nowhere. */
export function channelLink(channelId: string): string {
  return /^[A-Z0-9]{1,40}$/i.test(channelId) ? `<#${channelId}>` : merchantText(channelId, 40);
}

/** `<@U1>` for a Slack user id; anything else shows as escaped text and mentions nobody. */
export function userMention(userId: string): string {
  return /^[A-Z0-9]{1,40}$/i.test(userId) ? `<@${userId}>` : merchantText(userId, 40);
}

/**
 * A date Slack shows in the reader's time zone, with an escaped `fallback` for old clients; escaped
 * text when `iso` is no ISO 8601 instant (Date.parse alone reads "&#60;" as the year 1960).
 */
export function slackDate(iso: string, format: string, fallback = iso): string {
  const ms = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(iso) ? Date.parse(iso) : NaN;
  if (!(ms >= 0)) return merchantText(fallback, 60);
  return `<!date^${Math.floor(ms / 1000)}^${format}|${merchantText(fallback, 60)}>`;
}

/** The top-level `text` of a message (notifications, old clients): kept short, Slack allows 40,000. */
export const FALLBACK_MAX = 3000;

export function fallbackText(text: string): string {
  return cutMrkdwn(text, FALLBACK_MAX);
}
