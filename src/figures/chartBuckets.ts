import { tz } from '@date-fns/tz';
import { addDays, addWeeks, startOfDay, startOfWeek } from 'date-fns';
import { dayKey, dayStarts } from '../metrics/installs.ts';

/** The time slots of a chart over a window: each bucket runs from its start to the next one's (the last to the window's end). */
export interface ChartBuckets {
  unit: 'day' | 'week';
  /** Local start of each bucket, oldest first; the first is clipped to the window's start. */
  starts: Date[];
  /** `YYYY-MM-DD` of each bucket's local start, for labels. */
  days: string[];
}

/** Longer windows draw weeks; more than this many would be bars too thin to read. */
const MAX_WEEKS = 60;

/**
 * Days up to 31 days (the figure answers break days down that far too), else Monday-to-Sunday weeks
 * in the workspace's zone; null when even weeks would be too many to draw.
 */
export function chartBuckets(window: { start: Date; end: Date }, timeZone: string): ChartBuckets | null {
  const inZone = { in: tz(timeZone) };
  const days = dayStarts(window, timeZone);
  const starts: Date[] = [];
  if (days) {
    starts.push(...days);
  } else {
    for (let d = startOfWeek(window.start, { ...inZone, weekStartsOn: 1 }); d < window.end; d = addWeeks(d, 1, inZone)) {
      if (starts.length === MAX_WEEKS) return null;
      starts.push(new Date(d.getTime()));
    }
  }
  if (starts.length === 0) starts.push(new Date(startOfDay(window.start, inZone).getTime()));
  // Labels name the local day a bucket starts on, even when the window starts inside it.
  const labels = starts.map((d) => dayKey(d, timeZone));
  starts[0] = new Date(Math.max(starts[0]!.getTime(), window.start.getTime()));
  return { unit: days ? 'day' : 'week', starts, days: labels };
}

/** The local days of the week ends `weeks` weeks back from `now`, oldest first, and `now` itself last. */
export function weekEnds(now: Date, weeks: number): Date[] {
  return Array.from({ length: weeks }, (_, i) => new Date(addDays(now, -7 * (weeks - 1 - i)).getTime()));
}
