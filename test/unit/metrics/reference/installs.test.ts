import { describe, expect, it } from 'vitest';
import { installActivity } from '../../../../src/metrics/reference/installActivity.ts';
import { parseWindow } from '../../../../src/metrics/window.ts';
import { APP, OTHER_APP, ev } from '../fixtures.ts';

const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-04T00:00:00Z') };

describe('installActivity', () => {
  it('when shops install, uninstall, close and reactivate then each is counted once, with net = installs - uninstalls', () => {
    const r = installActivity(
      [
        ev('INSTALLED', '2026-03-01T09:00:00Z', { shop: '1' }),
        ev('INSTALLED', '2026-03-01T10:00:00Z', { shop: '2' }),
        ev('INSTALLED', '2026-03-02T10:00:00Z', { shop: '3', domain: 'REDACTED' }),
        ev('UNINSTALLED', '2026-03-02T11:00:00Z', { shop: '2' }),
        ev('DEACTIVATED', '2026-03-02T12:00:00Z', { shop: '1' }),
        ev('REACTIVATED', '2026-03-03T12:00:00Z', { shop: '1' }),
      ],
      window,
      'UTC',
    );
    expect(r.total).toEqual({ installs: 3, uninstalls: 1, net: 2, reinstalls: 0, closures: 1, reactivations: 1 });
  });

  it.each([
    ['installed before the window', 1, 1, [ev('INSTALLED', '2026-01-01T00:00:00Z'), ev('UNINSTALLED', '2026-02-01T00:00:00Z')]],
    ['installed earlier in the window', 1, 2, [ev('INSTALLED', '2026-03-01T01:00:00Z'), ev('UNINSTALLED', '2026-03-01T02:00:00Z')]],
    ['was reactivated before (so installed before)', 1, 1, [ev('REACTIVATED', '2026-01-01T00:00:00Z'), ev('UNINSTALLED', '2026-02-01T00:00:00Z')]],
    ['never installed', 0, 1, []],
    ['installed only another app', 0, 1, [ev('INSTALLED', '2026-01-01T00:00:00Z', { app: OTHER_APP })]],
  ])('when the shop %s then its install on 2026-03-02 is %i reinstall(s) among %i install(s)', (_name, reinstalls, installs, history) => {
    const r = installActivity([...history, ev('INSTALLED', '2026-03-02T00:00:00Z', { app: APP })], window, 'UTC');
    expect(r.byApp.get(APP)).toMatchObject({ installs, reinstalls });
  });

  it('when installs fall on either side of midnight in New York then the per-day breakdown uses New York days', () => {
    const r = installActivity(
      [
        ev('INSTALLED', '2026-03-02T04:59:59Z', { shop: '1' }), // 23:59:59 on 03-01 in New York (EST)
        ev('INSTALLED', '2026-03-02T05:00:00Z', { shop: '2' }), // 00:00 on 03-02
      ],
      window,
      'America/New_York',
    );
    expect(r.byDay!.map((d) => [d.date, d.installs])).toEqual([
      ['2026-02-28', 0],
      ['2026-03-01', 1],
      ['2026-03-02', 1],
      ['2026-03-03', 0],
    ]);
  });

  it('when the window spans the New York DST change then the 23-hour day is one day in the breakdown', () => {
    const w = parseWindow('2026-03-07..2026-03-09', new Date('2026-03-20T00:00:00Z'), 'America/New_York', '');
    if (!w.ok) throw new Error(w.error);
    const r = installActivity([ev('INSTALLED', '2026-03-09T03:30:00Z')], w.window, 'America/New_York'); // 03-08 23:30 EDT
    expect(r.byDay!.map((d) => [d.date, d.installs])).toEqual([
      ['2026-03-07', 0],
      ['2026-03-08', 1],
      ['2026-03-09', 0],
    ]);
  });

  it.each([
    ['31 days', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 31],
    ['32 days', '2026-01-01T00:00:00Z', '2026-02-02T00:00:00Z', null],
  ])('when the window covers %s then the breakdown has %s days', (_name, start, end, days) => {
    const r = installActivity([], { start: new Date(start), end: new Date(end) }, 'UTC');
    expect(r.byDay?.length ?? null).toBe(days);
  });
});
