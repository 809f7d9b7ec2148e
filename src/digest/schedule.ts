import { TZDate, tz } from '@date-fns/tz';
import { addDays, addWeeks, startOfWeek, subWeeks } from 'date-fns';
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

/**
 * The slot of the local week containing `now`. The due hour is read as a wall-clock time: an hour a
 * DST change skips (02:00 when clocks jump to 03:00) falls on the first instant after the gap, an
 * hour that happens twice (01:00 when clocks fall back) on its first occurrence.
 */
export function digestSlot(now: Date, schedule: DigestSchedule): DigestSlot {
  const inZone = { in: tz(schedule.timeZone) };
  const monday = startOfWeek(now, { ...inZone, weekStartsOn: 1 });
  const day = addDays(monday, clamp(schedule.weekday, 1, 7) - 1, inZone);
  const dueAt = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), clamp(schedule.hour, 0, 23), 0, 0, schedule.timeZone);
  return {
    week: weekOf(subWeeks(monday, 1, inZone), monday, schedule.timeZone),
    dueAt: new Date(dueAt.getTime()),
    closesAt: new Date(addWeeks(monday, 1, inZone).getTime()),
  };
}

/**
 * The slot a scheduled digest is due for at `now`, or null. Due from the scheduled instant until the
 * local week ends, so a digest missed while the bot was down goes out late in the same week, and
 * never for an older week. Whether it was already sent is the claim's business (digests_sent).
 */
export function dueDigest(now: Date, schedule: DigestSchedule): DigestSlot | null {
  const slot = digestSlot(now, schedule);
  return now >= slot.dueAt ? slot : null;
}

/** The next scheduled instant at or after `now` (this week's if still ahead, else next week's). */
export function nextDigestAt(now: Date, schedule: DigestSchedule): Date {
  const slot = digestSlot(now, schedule);
  return now < slot.dueAt ? slot.dueAt : digestSlot(slot.closesAt, schedule).dueAt;
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
