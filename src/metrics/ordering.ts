import type { AppEvent } from '../domain/appEvent.ts';

/**
 * Instants as fixed-width strings: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. The API sends microseconds, which a
 * JS Date would drop, so events are ordered by this key instead; equal width makes string order
 * equal time order.
 */
export type InstantKey = string;

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Normalizes an ISO-8601 instant (any fraction length, Z or an offset) to an InstantKey. */
export function instantKey(value: string | Date): InstantKey {
  if (value instanceof Date) return dateKey(value);
  const match = ISO.exec(value.trim());
  if (!match) throw new RangeError(`Not an ISO-8601 instant: "${value}"`);
  const [, day, clock, fraction = '', offset = 'Z'] = match;
  const time = clock!.length === 5 ? `${clock}:00` : clock!;
  // Sub-millisecond digits survive the round trip through Date only if we carry them ourselves.
  const micros = (fraction + '000000').slice(0, 6);
  if (/^(Z|[+-]00(:?00)?)$/i.test(offset)) return `${day}T${time}.${micros}Z`;
  const date = new Date(`${day}T${time}${offset.length === 3 ? `${offset}:00` : offset}`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO-8601 instant: "${value}"`);
  return `${date.toISOString().slice(0, 19)}.${micros}Z`;
}

function dateKey(date: Date): InstantKey {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ for years 0..9999
  return `${iso.slice(0, 23)}000Z`;
}

/**
 * Same-instant order of METRICS.md "Time": INSTALLED, REACTIVATED, charge events except endings,
 * charge endings, DEACTIVATED, UNINSTALLED. Unknown and non-charge types sit with the charge events;
 * they change no install or subscription state, so their place among them is immaterial.
 */
export function sameInstantRank(type: string): number {
  switch (type) {
    case 'RELATIONSHIP_INSTALLED':
      return 0;
    case 'RELATIONSHIP_REACTIVATED':
      return 1;
    case 'SUBSCRIPTION_CHARGE_CANCELED':
    case 'SUBSCRIPTION_CHARGE_DECLINED':
    case 'SUBSCRIPTION_CHARGE_EXPIRED':
    case 'SUBSCRIPTION_CHARGE_FROZEN':
    case 'ONE_TIME_CHARGE_DECLINED':
    case 'ONE_TIME_CHARGE_EXPIRED':
      return 3;
    case 'RELATIONSHIP_DEACTIVATED':
      return 4;
    case 'RELATIONSHIP_UNINSTALLED':
      return 5;
    default:
      return 2;
  }
}

/** Comparator by instant, then same-instant rank. Normalizes on every call: prefer sortEvents for bulk. */
export function compareEvents(a: AppEvent, b: AppEvent): number {
  const ka = instantKey(a.occurredAt);
  const kb = instantKey(b.occurredAt);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return sameInstantRank(a.type) - sameInstantRank(b.type);
}

export interface KeyedEvent {
  key: InstantKey;
  event: AppEvent;
}

/**
 * Sorts a copy of the events (stable: ties of equal rank keep their input order), normalizing each
 * instant once so a million events sort in O(n log n) string comparisons.
 */
export function sortEvents(events: readonly AppEvent[]): KeyedEvent[] {
  const keyed = events.map((event, index) => ({
    key: instantKey(event.occurredAt),
    rank: sameInstantRank(event.type),
    index,
    event,
  }));
  keyed.sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.rank - b.rank || a.index - b.index));
  return keyed.map(({ key, event }) => ({ key, event }));
}

export interface WindowKeys {
  startKey: InstantKey;
  endKey: InstantKey;
}

export function windowKeys(window: { start: Date; end: Date }): WindowKeys {
  return { startKey: instantKey(window.start), endKey: instantKey(window.end) };
}

/** True when start <= instant < end (METRICS.md: windows are half-open). */
export function inWindow(key: InstantKey, bounds: WindowKeys): boolean {
  return key >= bounds.startKey && key < bounds.endKey;
}
