import type { KnownBlock } from '@slack/types';
import { Decimal } from 'decimal.js';
import { formatMoney, formatSignedPercentChange } from '../../metrics/format.ts';
import { escapeMrkdwn } from '../../slackApi/mrkdwn.ts';

/** What a figure command posts: Block Kit plus the plain-text fallback notifications show. */
export interface FigureMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack limits (REFERENCE.md): header text 150, section text 3,000, context element 2,000 characters. */
export const LIMITS = { header: 150, section: 3000, context: 2000, field: 2000 } as const;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** User and merchant text inside mrkdwn: escaped, so `<`, `>` and `&` cannot form links or mentions. */
export const esc = escapeMrkdwn;

/** `↑ +12.5%`, `↓ −3.0%`, `→ 0.0%`, or `n/a` when the earlier value is 0. */
export function change(prev: Decimal.Value, curr: Decimal.Value): string {
  const p = new Decimal(prev);
  const c = new Decimal(curr);
  const pct = formatSignedPercentChange(p, c);
  if (pct === 'n/a') return c.isZero() ? 'n/a' : 'n/a (was 0)';
  return `${c.gt(p) ? '↑' : c.lt(p) ? '↓' : '→'} ${pct}`;
}

export function signedMoney(amount: Decimal, currency: string): string {
  return amount.isNegative() ? `−${formatMoney(amount.abs(), currency)}` : `+${formatMoney(amount, currency)}`;
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.header), emoji: true } };
}

export function section(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.section) } };
}

export function fields(items: string[]): KnownBlock {
  return { type: 'section', fields: items.slice(0, 10).map((t) => ({ type: 'mrkdwn' as const, text: clip(t, LIMITS.field) })) };
}

export function context(lines: string[]): KnownBlock {
  return { type: 'context', elements: lines.slice(0, 10).map((t) => ({ type: 'mrkdwn' as const, text: clip(t, LIMITS.context) })) };
}

/** Notes under a figure (import progress, unknown intervals, …); none gives no block. */
export function notes(lines: readonly (string | null | undefined)[]): KnownBlock[] {
  const present = lines.filter((l): l is string => !!l);
  return present.length === 0 ? [] : [context(present)];
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
