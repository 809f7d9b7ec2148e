/**
 * Cutting text to Slack's limits. Slack counts characters as code points (an emoji is one, a
 * UTF-16 surrogate pair is not two), so every length here is in code points, and a cut never falls
 * inside a surrogate pair and, where it can, not between a character and its combining marks or
 * inside an emoji sequence (it cuts between grapheme clusters).
 */

export const ELLIPSIS = '…';

/** Characters as Slack counts them. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A lone surrogate is not a character: Slack would reject or mangle it, so it becomes U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first `count` code points of `text` (the rest is never segmented: texts may be 10k long). */
function firstChars(text: string, count: number): string {
  let end = 0;
  let n = 0;
  for (const char of text) {
    if (n === count) break;
    end += char.length;
    n++;
  }
  return text.slice(0, end);
}

/**
 * Grapheme clusters of the start of `text`, enough to fill `max` characters. Boundaries up to `max`
 * are exact because the segmented prefix reaches one character further.
 */
export function leadingGraphemes(text: string, max: number): string[] {
  return Array.from(segmenter.segment(firstChars(text, max + 1)), (s) => s.segment);
}

/**
 * Joins whole units while they fit in `budget` characters. A first unit longer than the budget is
 * a run of combining marks or an emoji sequence nobody needs whole: its first code points are kept
 * unless `atomic` says the unit must never be split (an entity or a `<…>` token).
 */
export function takeUnits(units: Iterable<string>, budget: number, atomic: (unit: string) => boolean = () => false): string {
  let out = '';
  let used = 0;
  for (const unit of units) {
    const size = charLength(unit);
    if (used + size > budget) {
      if (out === '' && !atomic(unit)) out = firstChars(unit, budget);
      break;
    }
    out += unit;
    used += size;
  }
  return out;
}

/** `text` when it fits in `max` characters; otherwise cut between grapheme clusters, ending with "…". */
export function cutText(text: string, max: number): string {
  const safe = wellFormed(text);
  if (charLength(safe) <= max) return safe;
  if (max < 1) return '';
  return `${takeUnits(leadingGraphemes(safe, max), max - 1)}${ELLIPSIS}`;
}

// C0/C1 controls (tab and line break kept) mean nothing in a message; explicit bidi embeddings,
// overrides and isolates are dropped because one left open reverses our own text that follows it.
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Untrusted text made safe to measure and show: well-formed, without controls that act on what follows. */
export function cleanText(text: string): string {
  return wellFormed(text).replace(INVISIBLE_CONTROLS, '');
}

/** One line: line breaks and runs of spaces become one space (a merchant's text cannot start a line of ours). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
