import { CADENCES, type Cadence } from '../../digest/schedule.ts';

export type DigestArgs =
  | { kind: 'show' }
  | { kind: 'now'; cadence: Cadence }
  | { kind: 'set'; cadence: Cadence; on: boolean; channelId?: string; hour?: number }
  | { kind: 'invalid'; typed: string };

/**
 * `/partner digest`, `digest now [daily|weekly|monthly]`, `digest daily|weekly|monthly on|off [<#C1|name>] [at HH]`.
 * The channel comes as Slack escapes a picked channel (`<#C123|name>`). Pure.
 */
export function parseDigestArgs(raw: string): DigestArgs {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'show' };
  const first = words[0]!.toLowerCase();
  if (first === 'now') {
    const cadence = (words[1]?.toLowerCase() ?? 'weekly') as Cadence;
    return words.length <= 2 && CADENCES.includes(cadence) ? { kind: 'now', cadence } : { kind: 'invalid', typed: raw.trim() };
  }
  const cadence = first as Cadence;
  const state = words[1]?.toLowerCase();
  if (!CADENCES.includes(cadence) || (state !== 'on' && state !== 'off')) return { kind: 'invalid', typed: raw.trim() };
  const result: Extract<DigestArgs, { kind: 'set' }> = { kind: 'set', cadence, on: state === 'on' };
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    const channel = /^<#([CG][A-Z0-9]+)(\|[^>]*)?>$/.exec(word);
    if (channel && result.channelId === undefined) result.channelId = channel[1]!;
    else if (word.toLowerCase() === 'at' && /^\d{1,2}(:00)?$/.test(words[i + 1] ?? '') && result.hour === undefined) {
      const hour = Number(words[++i]!.split(':')[0]);
      if (hour > 23) return { kind: 'invalid', typed: raw.trim() };
      result.hour = hour;
    } else return { kind: 'invalid', typed: raw.trim() };
  }
  return result;
}
