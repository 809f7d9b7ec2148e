import type { KnownBlock } from '@slack/types';
import { Decimal } from 'decimal.js';
import { formatMoney, formatSignedPercentChange } from '../../metrics/format.ts';
import { merchantText, mrkdwn } from '../../slackApi/mrkdwn.ts';
import { plain, PLAIN_LIMITS } from '../../slackApi/plainText.ts';

/** What a figure command posts: Block Kit plus the plain-text fallback notifications show. */
export interface FigureMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack limits (REFERENCE.md): header text 150, section text 3,000, context element 2,000 characters. */
export const LIMITS = { header: 150, section: 3000, context: 2000, field: 2000 } as const;

/** Longest amount shown: the digits, and a currency code the Partner API could make any length. */
const MONEY_MAX = 48;

/** `$12.00` or `12.00 EUR` as mrkdwn: the currency code comes from the Partner API, so it is escaped and kept short. */
export function money(amount: Decimal, currency: string): string {
  return merchantText(formatMoney(amount, currency), MONEY_MAX);
}

/** A currency code on its own (a heading, a list of the ones not shown). */
export function currencyCode(currency: string): string {
  return merchantText(currency.toUpperCase(), 16);
}

/** `↑ +12.5%`, `↓ −3.0%`, `→ 0.0%`, or `n/a` when the earlier value is 0. */
export function change(prev: Decimal.Value, curr: Decimal.Value): string {
  const p = new Decimal(prev);
  const c = new Decimal(curr);
  const pct = formatSignedPercentChange(p, c);
  if (pct === 'n/a') return c.isZero() ? 'n/a' : 'n/a (was 0)';
  return `${c.gt(p) ? '↑' : c.lt(p) ? '↓' : '→'} ${pct}`;
}

export function signedMoney(amount: Decimal, currency: string): string {
  return amount.isNegative() ? `−${money(amount.abs(), currency)}` : `+${money(amount, currency)}`;
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, PLAIN_LIMITS.header, { emoji: true }) };
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text, LIMITS.section) };
}

export function fields(items: string[]): KnownBlock {
  return { type: 'section', fields: items.slice(0, 10).map((t) => mrkdwn(t, LIMITS.field)) };
}

export function context(lines: string[]): KnownBlock {
  return { type: 'context', elements: lines.slice(0, 10).map((t) => mrkdwn(t, LIMITS.context)) };
}

/** Notes under a figure (import progress, unknown intervals, …); none gives no block. */
export function notes(lines: readonly (string | null | undefined)[]): KnownBlock[] {
  const present = lines.filter((l): l is string => !!l);
  return present.length === 0 ? [] : [context(present)];
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
