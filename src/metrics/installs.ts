import { TZDate, tz } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';

export interface ActivityCounts {
  installs: number;
  uninstalls: number;
  /** installs - uninstalls. */
  net: number;
  /** Installs by shops that had installed before (before the window or earlier in it). */
  reinstalls: number;
  /** RELATIONSHIP_DEACTIVATED: Shopify closed the store's billing account; not product churn. */
  closures: number;
  /** RELATIONSHIP_REACTIVATED. */
  reactivations: number;
}

/** A fresh all-zero count (a new object each time: counting mutates it). */
export function zeroActivityCounts(): ActivityCounts {
  return { installs: 0, uninstalls: 0, net: 0, reinstalls: 0, closures: 0, reactivations: 0 };
}

export interface DayActivity extends ActivityCounts {
  /** Calendar day in the workspace time zone, YYYY-MM-DD. */
  date: string;
}

export interface InstallActivity {
  byApp: Map<string, ActivityCounts>;
  total: ActivityCounts;
  /** One entry per calendar day the window touches (empty days included); null beyond 31 days. */
  byDay: DayActivity[] | null;
}

export const MAX_DAYS_BROKEN_DOWN = 31;


export function dayKey(instant: Date, timeZone: string): string {
  const d = new TZDate(instant.getTime(), timeZone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local days the window touches; null when more than MAX_DAYS_BROKEN_DOWN. */
export function dayKeys(window: { start: Date; end: Date }, timeZone: string): string[] | null {
  return dayStarts(window, timeZone)?.map((d) => dayKey(d, timeZone)) ?? null;
}

/** The instant each local day the window touches starts (the first may precede the window). */
export function dayStarts(window: { start: Date; end: Date }, timeZone: string): Date[] | null {
  const starts: Date[] = [];
  // Stepping by calendar day in the zone (not by 24 h) keeps 23- and 25-hour days whole.
  for (let d = startOfDay(window.start, { in: tz(timeZone) }); d < window.end; d = addDays(d, 1, { in: tz(timeZone) })) {
    if (starts.length === MAX_DAYS_BROKEN_DOWN) return null;
    starts.push(new Date(d.getTime()));
  }
  return starts;
}
