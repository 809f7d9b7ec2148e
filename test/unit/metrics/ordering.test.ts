import { describe, expect, it } from 'vitest';
import { instantKey, sortEvents, compareEvents, inWindow, windowKeys } from '../../../src/metrics/ordering.ts';
import { ev } from './fixtures.ts';

describe('instantKey', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000000Z'],
    ['2026-03-01T10:00:00.5Z', '2026-03-01T10:00:00.500000Z'],
    ['2026-03-01T10:00:00.123456Z', '2026-03-01T10:00:00.123456Z'],
    ['2026-03-01T10:00:00.1234567Z', '2026-03-01T10:00:00.123456Z'],
    ['2026-03-01T10:00:00.000001+00:00', '2026-03-01T10:00:00.000001Z'],
    ['2026-03-01T11:00:00.000002+01:00', '2026-03-01T10:00:00.000002Z'],
  ])('when given %s then normalizes to %s', (input, expected) => {
    expect(instantKey(input)).toBe(expected);
  });

  it('when given a Date then uses its milliseconds and zero microseconds', () => {
    expect(instantKey(new Date('2026-03-01T10:00:00.123Z'))).toBe('2026-03-01T10:00:00.123000Z');
  });

  it('when the text is not an instant then throws', () => {
    expect(() => instantKey('yesterday')).toThrow(/Not an ISO-8601 instant/);
  });
});

describe('sortEvents', () => {
  it('when two events are microseconds apart then the earlier one comes first even though Date cannot tell them apart', () => {
    const later = ev('UNINSTALLED', '2026-03-01T10:00:00.000002Z');
    const earlier = ev('INSTALLED', '2026-03-01T10:00:00.000001Z');
    // Unnormalized, "...00.000002Z" vs "...00Z": a naive string compare would misplace a short form.
    const shortForm = ev('ACTIVATED', '2026-03-01T10:00:00Z', { charge: '1', amount: '1' });
    expect(sortEvents([later, earlier, shortForm]).map((k) => k.event)).toEqual([shortForm, earlier, later]);
  });

  it('when events of one shop share an instant then they follow the METRICS.md order', () => {
    const at = '2026-03-01T10:00:00.000000Z';
    const input = [
      ev('UNINSTALLED', at),
      ev('DEACTIVATED', at),
      ev('FROZEN', at, { charge: '1' }),
      ev('CANCELED', at, { charge: '1' }),
      ev('ACTIVATED', at, { charge: '2', amount: '1' }),
      ev('REACTIVATED', at),
      ev('INSTALLED', at),
    ];
    expect(sortEvents(input).map((k) => k.event.type)).toEqual([
      'RELATIONSHIP_INSTALLED',
      'RELATIONSHIP_REACTIVATED',
      'SUBSCRIPTION_CHARGE_ACTIVATED',
      'SUBSCRIPTION_CHARGE_FROZEN',
      'SUBSCRIPTION_CHARGE_CANCELED',
      'RELATIONSHIP_DEACTIVATED',
      'RELATIONSHIP_UNINSTALLED',
    ]);
  });

  it('compareEvents agrees with sortEvents', () => {
    const a = ev('UNINSTALLED', '2026-03-01T10:00:00Z');
    const b = ev('INSTALLED', '2026-03-01T10:00:00.000000Z');
    expect(compareEvents(a, b)).toBeGreaterThan(0);
    expect(compareEvents(b, ev('INSTALLED', '2026-03-01T10:00:00.000001Z'))).toBeLessThan(0);
  });
});

describe('inWindow', () => {
  const bounds = windowKeys({ start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') });
  it.each([
    ['exactly at start', '2026-03-01T00:00:00Z', true],
    ['one microsecond before start', '2026-02-28T23:59:59.999999Z', false],
    ['one microsecond before end', '2026-03-01T23:59:59.999999Z', true],
    ['exactly at end', '2026-03-02T00:00:00.000000Z', false],
  ])('when the event is %s then inWindow is %s', (_name, at, expected) => {
    expect(inWindow(instantKey(at), bounds)).toBe(expected);
  });
});
