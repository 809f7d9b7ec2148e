import { TZDate, tz } from '@date-fns/tz';
import {
  startOfDay,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  subDays,
  subMonths,
  subQuarters,
  subWeeks,
  subYears,
  addYears,
} from 'date-fns';

/** Half-open [start, end) with a label saying in words and dates what it covers. */
export interface TimeWindow {
  start: Date;
  end: Date;
  label: string;
}

export type WindowResult = { ok: true; window: TimeWindow } | { ok: false; error: string };

const EXAMPLES =
  'last 30d, last 7 days, last 2 weeks, last 3 months, today, yesterday, this week, last month, ' +
  'this quarter, last year, ytd, since 2026-01-01, 2026-01-01..2026-03-31';
const DAY_MS = 86_400_000;
/** Shopify's first year: no app event or payout is older, and far-off years overflow the database's dates. */
const EARLIEST_DAY = '2009-01-01';
type Period = 'week' | 'month' | 'quarter' | 'year';

/**
 * Reads a window phrase of METRICS.md at `now`, calendar words in `timeZone` (weeks start Monday).
 * - `last N days|weeks` is a rolling N x 24 h | N x 7 x 24 h ending now (a duration, so it is the
 *   same length across DST changes); `last N months` goes back N calendar months in the zone.
 * - `today`, `this X`, `ytd`, `since D` end now; `yesterday` and `last X` are the previous complete
 *   day or X; `A..B` includes day B entirely.
 * - Empty means `defaultPhrase`. Case and extra spaces do not matter.
 */
export function parseWindow(phrase: string, now: Date, timeZone: string, defaultPhrase: string): WindowResult {
  if (!isTimeZone(timeZone)) return fail(`Unknown time zone "${timeZone}": expected an IANA name such as Europe/Berlin.`);
  const text = phrase.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') {
    if (defaultPhrase.trim() === '') return fail('No time window given and no default window.');
    return parseWindow(defaultPhrase, now, timeZone, '');
  }
  const inZone = { in: tz(timeZone) };
  if (text === 'today') return calendar(startOfDay(now, inZone), now, 'today', timeZone);
  if (text === 'yesterday') {
    const today = startOfDay(now, inZone);
    return calendar(subDays(today, 1, inZone), today, 'yesterday', timeZone);
  }
  if (text === 'ytd') return calendar(startOfYear(now, inZone), now, 'year to date', timeZone);
  const named = /^(this|last) (week|month|quarter|year)$/.exec(text);
  if (named) {
    const current = startOfPeriod(named[2] as Period, now, timeZone);
    if (named[1] === 'this') return calendar(current, now, text, timeZone);
    return calendar(subPeriod(named[2] as Period, current, timeZone), current, text, timeZone);
  }
  if (/^last\b/.test(text)) return parseRolling(text, phrase.trim(), now, timeZone);
  const since = /^since (\S+)$/.exec(text);
  if (since) {
    const day = parseDay(since[1]!, timeZone);
    if (typeof day === 'string') return fail(day);
    const outside = outsideRange(since[1]!, day, now, timeZone);
    if (outside) return fail(outside);
    if (day >= now) return fail(`"since ${since[1]}" — that day has not started yet.`);
    return ok(day, now, `since ${since[1]}`);
  }
  const range = /^(\S+) ?\.\. ?(\S+)$/.exec(text);
  if (range) {
    const from = parseDay(range[1]!, timeZone);
    if (typeof from === 'string') return fail(from);
    const to = parseDay(range[2]!, timeZone);
    if (typeof to === 'string') return fail(to);
    const outside = outsideRange(range[1]!, from, now, timeZone) ?? outsideRange(range[2]!, to, now, timeZone);
    if (outside) return fail(outside);
    if (to < from) return fail(`"${range[1]}..${range[2]}" — the end date is before the start date.`);
    // The end date counts as a whole day, so the window ends when the following day starts.
    const end = startOfDay(new TZDate(to.getTime() + DAY_MS + DAY_MS / 2, timeZone), inZone);
    return ok(from, toDate(end), `${range[1]} – ${range[2]}`);
  }
  return fail(`Unknown time window "${phrase.trim()}". Try one of: ${EXAMPLES}.`);
}

const UNITS: Record<string, { unit: 'day' | 'week' | 'month'; max: number }> = {
  d: { unit: 'day', max: 3660 },
  day: { unit: 'day', max: 3660 },
  days: { unit: 'day', max: 3660 },
  w: { unit: 'week', max: 522 },
  wk: { unit: 'week', max: 522 },
  wks: { unit: 'week', max: 522 },
  week: { unit: 'week', max: 522 },
  weeks: { unit: 'week', max: 522 },
  mo: { unit: 'month', max: 120 },
  mos: { unit: 'month', max: 120 },
  month: { unit: 'month', max: 120 },
  months: { unit: 'month', max: 120 },
};

function parseRolling(text: string, original: string, now: Date, timeZone: string): WindowResult {
  const match = /^last ?(-?\d+(?:\.\d+)?) ?([a-z]*)$/.exec(text);
  if (!match) return fail(`Unknown time window "${original}". Try one of: ${EXAMPLES}.`);
  const [, count = '', unitText = ''] = match;
  if (unitText === '') return fail(`"${original}" — add a unit: days (d), weeks (w) or months (mo), e.g. "last ${count}d".`);
  if (unitText === 'm') {
    return fail(`"${original}" — "m" is ambiguous (minutes or months?). Write "${count}mo" or "${count} months".`);
  }
  const spec = UNITS[unitText];
  if (!spec) return fail(`"${original}" — unknown unit "${unitText}". Use days (d), weeks (w) or months (mo), e.g. "last 30d".`);
  if (!/^\d+$/.test(count)) return fail(`"${original}" — the number of ${spec.unit}s must be a whole number.`);
  const n = Number(count);
  if (n < 1) return fail(`"${original}" — the number of ${spec.unit}s must be at least 1.`);
  if (n > spec.max) return fail(`"${original}" — at most ${spec.max} ${spec.unit}s.`);
  const label = `last ${n} ${spec.unit}${n === 1 ? '' : 's'}`;
  if (spec.unit === 'month') return ok(toDate(subMonths(now, n, { in: tz(timeZone) })), now, label);
  const days = spec.unit === 'week' ? n * 7 : n;
  return ok(new Date(now.getTime() - days * DAY_MS), now, label);
}

function startOfPeriod(period: Period, now: Date, timeZone: string): Date {
  const inZone = { in: tz(timeZone) };
  switch (period) {
    case 'week':
      return startOfWeek(now, { ...inZone, weekStartsOn: 1 });
    case 'month':
      return startOfMonth(now, inZone);
    case 'quarter':
      return startOfQuarter(now, inZone);
    case 'year':
      return startOfYear(now, inZone);
  }
}

function subPeriod(period: Period, start: Date, timeZone: string): Date {
  const inZone = { in: tz(timeZone) };
  const sub = { week: subWeeks, month: subMonths, quarter: subQuarters, year: subYears }[period];
  return sub(start, 1, inZone);
}

/** A calendar-aligned window, labelled with the local days it covers. */
function calendar(start: Date, end: Date, words: string, timeZone: string): WindowResult {
  const first = localDay(start, timeZone);
  const last = localDay(new Date(Math.max(start.getTime(), end.getTime() - 1)), timeZone);
  return ok(toDate(start), toDate(end), first === last ? `${words} (${first})` : `${words} (${first} – ${last})`);
}

/** Start of a YYYY-MM-DD day in the zone, or an error message. */
function parseDay(text: string, timeZone: string): Date | string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `"${text}" is not a date: write it as YYYY-MM-DD, e.g. 2026-01-01.`;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Noon always exists (DST changes happen at night), so it identifies the day; then back to its start.
  const noon = new TZDate(y, m - 1, d, 12, timeZone);
  if (noon.getFullYear() !== y || noon.getMonth() !== m - 1 || noon.getDate() !== d) {
    return `"${text}" is not a calendar date.`;
  }
  return toDate(startOfDay(noon, { in: tz(timeZone) }));
}

/**
 * Dates run from EARLIEST_DAY to one year after today: a range may end in the future (the current
 * quarter, written out), but not so far that it stops meaning anything.
 */
function outsideRange(text: string, day: Date, now: Date, timeZone: string): string | null {
  const latest = localDay(addYears(now, 1, { in: tz(timeZone) }), timeZone);
  const earliest = parseDay(EARLIEST_DAY, timeZone) as Date;
  const last = parseDay(latest, timeZone) as Date;
  if (day >= earliest && day <= last) return null;
  return `"${text}" is out of range: dates must be between ${EARLIEST_DAY} and ${latest}.`;
}

export function localDay(instant: Date, timeZone: string): string {
  const d = new TZDate(instant.getTime(), timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function toDate(d: Date): Date {
  return new Date(d.getTime());
}

function ok(start: Date, end: Date, label: string): WindowResult {
  return { ok: true, window: { start: toDate(start), end: toDate(end), label } };
}

function fail(error: string): WindowResult {
  return { ok: false, error };
}

/** The window of the same length (in time, not calendar units) ending where `window` starts. */
export function previousWindow(window: TimeWindow): TimeWindow {
  const length = window.end.getTime() - window.start.getTime();
  return {
    start: new Date(window.start.getTime() - length),
    end: new Date(window.start.getTime()),
    label: `the period before ${window.label}`,
  };
}
