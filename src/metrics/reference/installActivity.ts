import type { AppEvent } from '../../domain/appEvent.ts';
import { inWindow, instantKey, sortEvents, windowKeys } from '../ordering.ts';
import { shopKey } from '../state.ts';
import { dayKey, dayKeys, zeroActivityCounts, type ActivityCounts, type InstallActivity } from '../installs.ts';

type CountField = Exclude<keyof ActivityCounts, 'net'>;

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
  const byDay = days ? new Map(days.map((d) => [d, zeroActivityCounts()])) : null;
  const byApp = new Map<string, ActivityCounts>();
  const total = zeroActivityCounts();
  for (const { event } of sortEvents(inside)) {
    const shop = shopKey(event.appId, event.shopId);
    const field = counted(event.type, installedBefore.has(shop));
    if (marksInstalled(event.type)) installedBefore.add(shop);
    if (field.length === 0) continue;
    let app = byApp.get(event.appId);
    if (!app) byApp.set(event.appId, (app = zeroActivityCounts()));
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
