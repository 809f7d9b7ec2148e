/**
 * Lengths kept from the Partner API's free text. The API sets no limit, and everything parsed is stored
 * and shown in Slack, so a runaway value would bloat rows, indexes and messages. Counted in code points,
 * as PostgreSQL counts characters.
 */
export const MAX_NAME_LENGTH = 255;
export const MAX_FREE_TEXT_LENGTH = 10_000;

/** The first `max` code points of `text`; a surrogate pair at the cut is kept whole or dropped whole. */
export function cutToCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let units = 0;
  for (let points = 0; points < max && units < text.length; points++) {
    units += (text.codePointAt(units) ?? 0) > 0xffff ? 2 : 1;
  }
  return text.slice(0, units);
}

/** A name-like field (shop, domain, app, charge, type): null stays null. */
export function boundedName(value: string | null): string | null {
  return value === null ? null : cutToCodePoints(value, MAX_NAME_LENGTH);
}

/** A free-text field (uninstall reason, description): null stays null. */
export function boundedFreeText(value: string | null): string | null {
  return value === null ? null : cutToCodePoints(value, MAX_FREE_TEXT_LENGTH);
}
