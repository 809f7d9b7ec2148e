import type { AppEvent } from '../../domain/appEvent.ts';
import { inWindow, instantKey, windowKeys } from '../ordering.ts';
import { tallyReasons, type UninstallDescription, type UninstallReasons } from '../reasons.ts';

export function uninstallReasons(
  events: readonly AppEvent[],
  window: { start: Date; end: Date },
  latestDescriptions = 5,
): UninstallReasons {
  const bounds = windowKeys(window);
  const tallied: { reason: string | null; count: number }[] = [];
  const described: { key: string; item: UninstallDescription }[] = [];
  let uninstalls = 0;
  for (const e of events) {
    if (e.type !== 'RELATIONSHIP_UNINSTALLED') continue;
    const key = instantKey(e.occurredAt);
    if (!inWindow(key, bounds)) continue;
    uninstalls++;
    tallied.push({ reason: e.reason, count: 1 });
    const description = e.description?.trim();
    if (description) {
      described.push({
        key,
        item: { appId: e.appId, shopId: e.shopId, shopDomain: e.shopDomain, occurredAt: e.occurredAt, description },
      });
    }
  }
  const reasons = tallyReasons(tallied);
  described.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return { uninstalls, reasons, descriptions: described.slice(0, Math.max(0, latestDescriptions)).map((d) => d.item) };
}
