import type { PlainTextElement } from '@slack/types';
import { cleanText, cutText, oneLine } from './textCut.ts';

/**
 * Block Kit's limits for plain_text, in characters. Plain text is shown as typed (no escaping), but
 * Slack refuses the whole message or view when one is too long.
 */
export const PLAIN_LIMITS = {
  header: 150,
  button: 75,
  modalTitle: 24,
  option: 75,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  inputValue: 3000,
} as const;

/** Untrusted text as one line of plain text of at most `max` characters. */
export function plainLine(text: string, max: number): string {
  return cutText(oneLine(cleanText(text)), max);
}

/** A plain_text object of at most `max` characters (Slack wants at least one). */
export function plain(text: string, max: number, options: { emoji?: boolean } = {}): PlainTextElement {
  return { type: 'plain_text', text: plainLine(text, max) || '…', ...(options.emoji === undefined ? {} : { emoji: options.emoji }) };
}

/** A typed value sent back into an input (line breaks kept), within `max` characters. */
export function plainValue(text: string, max: number = PLAIN_LIMITS.inputValue): string {
  return cutText(cleanText(text), max);
}
