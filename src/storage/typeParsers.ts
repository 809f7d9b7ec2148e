/**
 * How partnerbot reads PostgreSQL values, identically on pg and PGlite: numeric stays a decimal
 * string (money is exact), int8 becomes a number (our counts stay far below 2^53), and timestamptz
 * becomes ISO-8601 UTC with all six fractional digits, because the Partner API's occurredAt has
 * microseconds and an event's identity must round-trip exactly.
 */
export const PG_TYPE = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/** "2019-07-03 20:47:55.1234+00" (session TimeZone UTC) -> "2019-07-03T20:47:55.123400Z". */
export function parseTimestamptz(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:([+-]\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!match) return text; // infinity and the like: leave as PostgreSQL wrote it
  const [, date, time, fraction = '', offsetHours, offsetMinutes] = match;
  const iso = `${date}T${time}.${fraction.padEnd(6, '0')}Z`;
  if (!offsetHours || (offsetHours === '+00' && (offsetMinutes ?? '00') === '00')) return iso;
  // Only reached if a session runs outside UTC: shift by the offset, keeping the microseconds.
  const sign = offsetHours.startsWith('-') ? -1 : 1;
  const shiftMs = sign * (Math.abs(Number(offsetHours)) * 60 + Number(offsetMinutes ?? 0)) * 60_000;
  const shifted = new Date(Date.parse(`${date}T${time}Z`) - shiftMs).toISOString().slice(0, 19);
  return `${shifted}.${fraction.padEnd(6, '0')}Z`;
}

export function parseInt8(text: string): number {
  return Number(text);
}

export const textParsers: Record<number, (text: string) => unknown> = {
  [PG_TYPE.int8]: parseInt8,
  [PG_TYPE.numeric]: (text) => text,
  [PG_TYPE.date]: (text) => text,
  [PG_TYPE.timestamp]: parseTimestamptz,
  [PG_TYPE.timestamptz]: parseTimestamptz,
};

/** Normalizes any ISO instant to the stored format, so code can compare timestamps as strings. */
export function toStoredInstant(value: string | Date): string {
  if (value instanceof Date) return `${value.toISOString().slice(0, 23)}000Z`;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(value);
  if (!match || (match[3] !== 'Z' && !/^[+-]00:?00$/.test(match[3]!))) {
    return toStoredInstant(new Date(value));
  }
  return `${match[1]}.${(match[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}
