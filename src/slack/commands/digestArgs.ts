import { CADENCES, type Cadence } from '../../digest/schedule.ts';

export type DigestArgs =
  | { kind: 'show' }
  | { kind: 'now'; cadence: Cadence }
  | { kind: 'set'; cadence: Cadence; on: boolean; channelId?: string; hour?: number; skipEmpty?: boolean }
  | { kind: 'invalid'; typed: string; problem?: string };

/** The words that choose what an empty daily summary does. */
export const SKIP_EMPTY_WORD = 'skip-empty';
export const POST_EMPTY_WORD = 'post-empty';

/**
 * `/partner digest`, `digest now [daily|weekly|monthly]`,
 * `digest daily|weekly|monthly on|off [<#C1|name>] [at HH] [skip-empty|post-empty]` (the last two: daily only).
 * The channel comes as Slack escapes a picked channel (`<#C123|name>`). Pure.
 */
export function parseDigestArgs(raw: string): DigestArgs {
  const typed = raw.trim();
  const words = typed.split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'show' };
  const first = words[0]!.toLowerCase();
  if (first === 'now') {
    const cadence = (words[1]?.toLowerCase() ?? 'weekly') as Cadence;
    return words.length <= 2 && CADENCES.includes(cadence) ? { kind: 'now', cadence } : { kind: 'invalid', typed };
  }
  const cadence = first as Cadence;
  const state = words[1]?.toLowerCase();
  if (!CADENCES.includes(cadence) || (state !== 'on' && state !== 'off')) return { kind: 'invalid', typed };
  const result: Extract<DigestArgs, { kind: 'set' }> = { kind: 'set', cadence, on: state === 'on' };
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    const channel = /^<#([CG][A-Z0-9]+)(\|[^>]*)?>$/.exec(word);
    if (channel && result.channelId === undefined) {
      result.channelId = channel[1]!;
    } else if (lower === 'at' && result.hour === undefined) {
      const hour = parseHour(words[++i]);
      if (hour === null) return { kind: 'invalid', typed, problem: `The hour after \`at\` is a whole hour from 0 to 23 in the workspace's time zone, such as \`at 9\` or \`at 17:00\`.` };
      result.hour = hour;
    } else if ((lower === SKIP_EMPTY_WORD || lower === POST_EMPTY_WORD) && result.skipEmpty === undefined) {
      if (cadence !== 'daily') return { kind: 'invalid', typed, problem: `\`${lower}\` is for the daily summary only: the weekly and monthly ones always say how the period went.` };
      result.skipEmpty = lower === SKIP_EMPTY_WORD;
    } else {
      return { kind: 'invalid', typed };
    }
  }
  return result;
}

/** `9`, `09`, `9:00`, `17:00` → the hour; anything else (`25`, `9:30`, `nine`) → null. */
function parseHour(word: string | undefined): number | null {
  const m = /^(\d{1,2})(:00)?$/.exec(word ?? '');
  if (!m) return null;
  const hour = Number(m[1]);
  return hour <= 23 ? hour : null;
}
