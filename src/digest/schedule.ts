import { TZDate, tz } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, startOfDay, startOfMonth, startOfWeek, subDays, subMonths, subWeeks } from 'date-fns';
import { localDay } from '../metrics/window.ts';

/** Names of the digest's weekdays, Monday first: WEEKDAYS[weekday - 1]. */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** When a workspace wants its digest: a weekday (1 = Monday ... 7 = Sunday) and hour in its zone. */
export interface DigestSchedule {
  timeZone: string;
  weekday: number;
  hour: number;
}

/** Half-open [start, end) of one Monday–Sunday week in the workspace's zone. */
export interface DigestWeek {
  start: Date;
  end: Date;
  /** The week's Monday as a local date (YYYY-MM-DD). */
  weekStart: string;
}

/**
 * One week's digest slot. The digest sent during a local week reports on the week before it (the
 * last complete Monday–Sunday week); `week.weekStart` keys digests_sent.
 */
export interface DigestSlot {
  week: DigestWeek;
  /** The scheduled instant: the chosen weekday and hour of the current local week. */
  dueAt: Date;
  /** When the current local week ends: a digest not sent by then is never sent. */
  closesAt: Date;
}

/** The summaries a workspace can receive; each has its own on/off, channel and local hour. */
export const CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** When a workspace wants one cadence's summary: a local hour (and, weekly only, a weekday). */
export interface CadenceSchedule {
  timeZone: string;
  hour: number;
  /** 1 = Monday ... 7 = Sunday; read by the weekly cadence only. */
  weekday?: number;
}

/** Half-open [start, end) of a reported period in the workspace's zone; `key` is its first local date. */
export interface SummaryPeriod {
  cadence: Cadence;
  start: Date;
  end: Date;
  key: string;
}

/**
 * One period's summary slot. The summary sent during a local day / week / month reports on the one
 * before it; `period.key` (with the cadence) keys digests_sent.
 */
export interface SummarySlot {
  period: SummaryPeriod;
  /** The scheduled instant: today at the hour (daily), the weekday at the hour (weekly), the 1st at the hour (monthly). */
  dueAt: Date;
  /** When the current local day / week / month ends: a summary not sent by then is never sent. */
  closesAt: Date;
}

/**
 * The slot of the local day, week or month containing `now`. The due hour is read as a wall-clock
 * time: an hour a DST change skips (02:00 when clocks jump to 03:00) falls on the first instant after
 * the gap, an hour that happens twice (01:00 when clocks fall back) on its first occurrence.
 */
export function summarySlot(now: Date, cadence: Cadence, schedule: CadenceSchedule): SummarySlot {
  const zone = schedule.timeZone;
  const inZone = { in: tz(zone) };
  let current: Date;
  let previous: Date;
  let next: Date;
  let dueDay: Date;
  if (cadence === 'daily') {
    current = startOfDay(now, inZone);
    previous = subDays(current, 1, inZone);
    next = addDays(current, 1, inZone);
    dueDay = current;
  } else if (cadence === 'weekly') {
    current = startOfWeek(now, { ...inZone, weekStartsOn: 1 });
    previous = subWeeks(current, 1, inZone);
    next = addWeeks(current, 1, inZone);
    dueDay = addDays(current, clamp(schedule.weekday ?? 1, 1, 7) - 1, inZone);
  } else {
    current = startOfMonth(now, inZone);
    previous = subMonths(current, 1, inZone);
    next = addMonths(current, 1, inZone);
    dueDay = current;
  }
  const dueAt = new TZDate(dueDay.getFullYear(), dueDay.getMonth(), dueDay.getDate(), clamp(schedule.hour, 0, 23), 0, 0, zone);
  return {
    period: periodOf(cadence, previous, current, zone),
    dueAt: new Date(dueAt.getTime()),
    closesAt: new Date(next.getTime()),
  };
}

/**
 * The slot a scheduled summary is due for at `now`, or null. Due from the scheduled instant until the
 * local period ends, so a summary missed while the bot was down goes out late in the same period, and
 * never for an older one. Whether it was already sent is the claim's business (digests_sent).
 */
export function dueSummary(now: Date, cadence: Cadence, schedule: CadenceSchedule): SummarySlot | null {
  const slot = summarySlot(now, cadence, schedule);
  return now >= slot.dueAt ? slot : null;
}

/** The next scheduled instant at or after `now` (this period's if still ahead, else the next one's). */
export function nextSummaryAt(now: Date, cadence: Cadence, schedule: CadenceSchedule): Date {
  const slot = summarySlot(now, cadence, schedule);
  return now < slot.dueAt ? slot.dueAt : summarySlot(slot.closesAt, cadence, schedule).dueAt;
}

/** The last complete day, week or month before `now` in the zone. */
export function lastCompletePeriod(now: Date, cadence: Cadence, timeZone: string): SummaryPeriod {
  return summarySlot(now, cadence, { timeZone, hour: 0, weekday: 1 }).period;
}

/** `count` consecutive periods of the cadence ending with `last`, oldest first (calendar periods in the zone). */
export function periodsEndingWith(last: SummaryPeriod, count: number, timeZone: string): SummaryPeriod[] {
  const inZone = { in: tz(timeZone) };
  const step = last.cadence === 'daily' ? addDays : last.cadence === 'weekly' ? addWeeks : addMonths;
  const periods: SummaryPeriod[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = step(new TZDate(last.start.getTime(), timeZone), -i, inZone);
    periods.push(periodOf(last.cadence, start, step(start, 1, inZone), timeZone));
  }
  return periods;
}

/** The weekly slot in the digest's original shape (`week.weekStart`). */
export function digestSlot(now: Date, schedule: DigestSchedule): DigestSlot {
  const slot = summarySlot(now, 'weekly', schedule);
  return { week: asWeek(slot.period), dueAt: slot.dueAt, closesAt: slot.closesAt };
}

export function dueDigest(now: Date, schedule: DigestSchedule): DigestSlot | null {
  const slot = digestSlot(now, schedule);
  return now >= slot.dueAt ? slot : null;
}

export function nextDigestAt(now: Date, schedule: DigestSchedule): Date {
  return nextSummaryAt(now, 'weekly', schedule);
}

/** A weekly period as the digest report's DigestWeek; other cadences use `key` as `weekStart`. */
export function asWeek(period: SummaryPeriod): DigestWeek {
  return { start: period.start, end: period.end, weekStart: period.key };
}

function periodOf(cadence: Cadence, start: Date, end: Date, timeZone: string): SummaryPeriod {
  return { cadence, start: new Date(start.getTime()), end: new Date(end.getTime()), key: localDay(start, timeZone) };
}

/** The last complete Monday–Sunday week before `now` in the zone. */
export function lastCompleteWeek(now: Date, timeZone: string): DigestWeek {
  return digestSlot(now, { timeZone, weekday: 1, hour: 0 }).week;
}

/** `count` consecutive weeks ending with `last`, oldest first (each a calendar week in the zone). */
export function weeksEndingWith(last: DigestWeek, count: number, timeZone: string): DigestWeek[] {
  const inZone = { in: tz(timeZone) };
  const weeks: DigestWeek[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = subWeeks(new TZDate(last.start.getTime(), timeZone), i, inZone);
    weeks.push(weekOf(start, addWeeks(start, 1, inZone), timeZone));
  }
  return weeks;
}

function weekOf(start: Date, end: Date, timeZone: string): DigestWeek {
  return { start: new Date(start.getTime()), end: new Date(end.getTime()), weekStart: localDay(start, timeZone) };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.trunc(n)));
}
