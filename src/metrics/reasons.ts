
export const NO_REASON = 'No reason given';

export interface ReasonCount {
  /** The most common spelling of the reason in the window; on a tie, the first in code-point order (capitalized first). */
  reason: string;
  count: number;
}

export interface UninstallDescription {
  appId: string;
  shopId: string;
  shopDomain: string | null;
  occurredAt: string;
  description: string;
}

export interface UninstallReasons {
  uninstalls: number;
  /** An uninstall with several reasons counts once for each; sorted by count, then reason. */
  reasons: ReasonCount[];
  /** Latest free-text descriptions first. */
  descriptions: UninstallDescription[];
}

// Shopify joins the merchant's picks with the comma of their language: ASCII, full-width or Arabic.
const SEPARATORS = /[,，،]/;

/** The reasons of one uninstall, trimmed, without duplicates; [NO_REASON] when there are none. */
export function splitReasons(reason: string | null): string[] {
  const seen = new Map<string, string>();
  for (const part of (reason ?? '').split(SEPARATORS)) {
    const trimmed = part.trim();
    if (trimmed && !seen.has(groupKey(trimmed))) seen.set(groupKey(trimmed), trimmed);
  }
  return seen.size === 0 ? [NO_REASON] : [...seen.values()];
}

function groupKey(reason: string): string {
  return reason.normalize('NFC').toLocaleLowerCase('und').replace(/\s+/g, ' ');
}

/**
 * Reason counts from raw `reason` values, each seen `count` times (one uninstall each): split, trimmed
 * and grouped case-insensitively; sorted by count, then reason.
 */
export function tallyReasons(raw: Iterable<{ reason: string | null; count: number }>): ReasonCount[] {
  const groups = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const { reason: text, count } of raw) {
    for (const reason of splitReasons(text)) {
      const k = groupKey(reason);
      let group = groups.get(k);
      if (!group) groups.set(k, (group = { count: 0, spellings: new Map() }));
      group.count += count;
      group.spellings.set(reason, (group.spellings.get(reason) ?? 0) + count);
    }
  }
  return [...groups.values()]
    .map(({ count, spellings }) => ({ reason: mostCommon(spellings), count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * The spelling to show for a group. A tie is broken by code-point order, never by the order the
 * uninstalls were read in, so the engine and the stored figures (which read them grouped by reason)
 * show the same words; "Too expensive" sorts before "too expensive".
 */
function mostCommon(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [spelling, count] of spellings) {
    if (count > bestCount || (count === bestCount && spelling < best)) [best, bestCount] = [spelling, count];
  }
  return best;
}
