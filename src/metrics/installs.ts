import { TZDate, tz } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import type { AppEvent } from '../domain/appEvent.ts';
import { inWindow, instantKey, sortEvents, windowKeys } from './ordering.ts';
import { shopKey } from './state.ts';

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

/**
 * Install activity in [start, end). `events` must include the events before the window too: they
 * decide whether an install is a reinstall.
 */
export function installActivity(
  events: readonly AppEvent[],
  window: { start: Date; end: Date },
  timeZone: string,
): InstallActivity {
  const bounds = windowKeys(window);
  const installedBefore = new Set<string>();
  const inside: AppEvent[] = [];
  for (const e of events) {
    const key = instantKey(e.occurredAt);
    if (key < bounds.startKey) {
      if (marksInstalled(e.type)) installedBefore.add(shopKey(e.appId, e.shopId));
    } else if (inWindow(key, bounds)) {
      inside.push(e);
    }
  }
  const days = dayKeys(window, timeZone);
  const byDay = days ? new Map(days.map((d) => [d, zeroCounts()])) : null;
  const byApp = new Map<string, ActivityCounts>();
  const total = zeroCounts();
  for (const { event } of sortEvents(inside)) {
    const shop = shopKey(event.appId, event.shopId);
    const field = counted(event.type, installedBefore.has(shop));
    if (marksInstalled(event.type)) installedBefore.add(shop);
    if (field.length === 0) continue;
    let app = byApp.get(event.appId);
    if (!app) byApp.set(event.appId, (app = zeroCounts()));
    const day = byDay?.get(dayKey(new Date(event.occurredAt), timeZone));
    for (const counts of [app, total, day]) {
      if (!counts) continue;
      for (const f of field) counts[f]++;
      counts.net = counts.installs - counts.uninstalls;
    }
  }
  return {
    byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b))),
    total,
    byDay: byDay ? [...byDay].map(([date, counts]) => ({ date, ...counts })) : null,
  };
}

function marksInstalled(type: string): boolean {
  return type === 'RELATIONSHIP_INSTALLED' || type === 'RELATIONSHIP_REACTIVATED';
}

type CountField = Exclude<keyof ActivityCounts, 'net'>;

function counted(type: string, installedBefore: boolean): CountField[] {
  switch (type) {
    case 'RELATIONSHIP_INSTALLED':
      return installedBefore ? ['installs', 'reinstalls'] : ['installs'];
    case 'RELATIONSHIP_UNINSTALLED':
      return ['uninstalls'];
    case 'RELATIONSHIP_DEACTIVATED':
      return ['closures'];
    case 'RELATIONSHIP_REACTIVATED':
      return ['reactivations'];
    default:
      return [];
  }
}

function zeroCounts(): ActivityCounts {
  return { installs: 0, uninstalls: 0, net: 0, reinstalls: 0, closures: 0, reactivations: 0 };
}

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
