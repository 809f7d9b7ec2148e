import { describe, expect, it } from 'vitest';
import { dueSummary, lastCompletePeriod, nextSummaryAt, periodsEndingWith, summarySlot, type Cadence, type CadenceSchedule } from '../../../src/digest/schedule.ts';

const at9 = (timeZone: string, weekday = 1): CadenceSchedule => ({ timeZone, hour: 9, weekday });
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('dueSummary per cadence', () => {
  const cases: Array<{ name: string; cadence: Cadence; now: string; schedule: CadenceSchedule; due: string | null; key?: string; end?: string }> = [
    { name: 'daily 09:00 UTC, a minute early', cadence: 'daily', now: '2026-03-16T08:59:00Z', schedule: at9('UTC'), due: null },
    { name: 'daily 09:00 UTC, reports yesterday', cadence: 'daily', now: '2026-03-16T09:00:00Z', schedule: at9('UTC'), due: '2026-03-16T09:00:00.000Z', key: '2026-03-15', end: '2026-03-16T00:00:00.000Z' },
    { name: 'daily missed, late at 23:59 the same day', cadence: 'daily', now: '2026-03-16T23:59:59Z', schedule: at9('UTC'), due: '2026-03-16T09:00:00.000Z', key: '2026-03-15' },
    { name: 'daily next midnight: yesterday\'s is gone, today\'s not yet due', cadence: 'daily', now: '2026-03-17T00:00:00Z', schedule: at9('UTC'), due: null },
    { name: 'daily New York on the spring change day (23 h): 09:00 EDT', cadence: 'daily', now: '2026-03-08T13:00:00Z', schedule: at9('America/New_York'), due: '2026-03-08T13:00:00.000Z', key: '2026-03-07' },
    { name: 'daily New York the day after the spring change reports a 23-hour day', cadence: 'daily', now: '2026-03-09T13:00:00Z', schedule: at9('America/New_York'), due: '2026-03-09T13:00:00.000Z', key: '2026-03-08', end: '2026-03-09T04:00:00.000Z' },
    { name: 'daily New York 02:00 skipped on 2026-03-08: at 03:00 EDT', cadence: 'daily', now: '2026-03-08T07:00:00Z', schedule: { timeZone: 'America/New_York', hour: 2 }, due: '2026-03-08T07:00:00.000Z', key: '2026-03-07' },
    { name: 'daily New York 01:00 twice on 2026-11-01: the first (EDT)', cadence: 'daily', now: '2026-11-01T05:00:00Z', schedule: { timeZone: 'America/New_York', hour: 1 }, due: '2026-11-01T05:00:00.000Z', key: '2026-10-31' },
    { name: 'daily New York after the fall change: 09:00 EST is 14:00 UTC', cadence: 'daily', now: '2026-11-02T13:59:00Z', schedule: at9('America/New_York'), due: null },
    { name: 'weekly as before: Berlin Monday 09:00 CEST', cadence: 'weekly', now: '2026-03-30T07:00:00Z', schedule: at9('Europe/Berlin'), due: '2026-03-30T07:00:00.000Z', key: '2026-03-23' },
    { name: 'monthly on the 1st at 09:00 reports the last month (31 days)', cadence: 'monthly', now: '2026-04-01T09:00:00Z', schedule: at9('UTC'), due: '2026-04-01T09:00:00.000Z', key: '2026-03-01', end: '2026-04-01T00:00:00.000Z' },
    { name: 'monthly a minute early', cadence: 'monthly', now: '2026-04-01T08:59:00Z', schedule: at9('UTC'), due: null },
    { name: 'monthly missed, late on the 30th (April, 30 days)', cadence: 'monthly', now: '2026-04-30T23:59:00Z', schedule: at9('UTC'), due: '2026-04-01T09:00:00.000Z', key: '2026-03-01' },
    { name: 'monthly May 1st 00:00: March is never sent any more', cadence: 'monthly', now: '2026-05-01T00:00:00Z', schedule: at9('UTC'), due: null },
    { name: 'monthly February 2026 (28 days) sent on March 1st', cadence: 'monthly', now: '2026-03-01T09:00:00Z', schedule: at9('UTC'), due: '2026-03-01T09:00:00.000Z', key: '2026-02-01', end: '2026-03-01T00:00:00.000Z' },
    { name: 'monthly February 2028 (29 days), late on the 31st of March', cadence: 'monthly', now: '2028-03-31T20:00:00Z', schedule: at9('UTC'), due: '2028-03-01T09:00:00.000Z', key: '2028-02-01', end: '2028-03-01T00:00:00.000Z' },
    { name: 'monthly New York: March 2026 spans the spring change, sent April 1st 09:00 EDT', cadence: 'monthly', now: '2026-04-01T13:00:00Z', schedule: at9('America/New_York'), due: '2026-04-01T13:00:00.000Z', key: '2026-03-01', end: '2026-04-01T04:00:00.000Z' },
    { name: 'monthly New York: November 1st 01:00 happens twice, the first', cadence: 'monthly', now: '2026-11-01T05:00:00Z', schedule: { timeZone: 'America/New_York', hour: 1 }, due: '2026-11-01T05:00:00.000Z', key: '2026-10-01' },
    { name: 'monthly: UTC midnight of the 1st is still the 30th in New York', cadence: 'monthly', now: '2026-05-01T02:00:00Z', schedule: at9('America/New_York'), due: '2026-04-01T13:00:00.000Z', key: '2026-03-01' },
  ];
  it.each(cases)('$name', ({ cadence, now, schedule, due, key, end }) => {
    const slot = dueSummary(new Date(now), cadence, schedule);
    expect(iso(slot?.dueAt)).toBe(due);
    if (key) expect(slot?.period.key).toBe(key);
    if (end) expect(iso(slot?.period.end)).toBe(end);
  });

  it('when the month has 28, 29, 30 or 31 days, then the reported period is exactly that long and closes at the next month', () => {
    const days = (from: string) => {
      const slot = summarySlot(new Date(from), 'monthly', at9('UTC'));
      return (slot.period.end.getTime() - slot.period.start.getTime()) / 86_400_000;
    };
    expect(days('2026-03-05T00:00:00Z')).toBe(28);
    expect(days('2028-03-05T00:00:00Z')).toBe(29);
    expect(days('2026-05-05T00:00:00Z')).toBe(30);
    expect(days('2026-04-05T00:00:00Z')).toBe(31);
    expect(iso(summarySlot(new Date('2026-01-31T12:00:00Z'), 'monthly', at9('UTC')).closesAt)).toBe('2026-02-01T00:00:00.000Z');
  });

  it('when a workspace moves from Tokyo to Los Angeles, then the period is read in the new zone and its key does not go back for weekly', () => {
    const now = new Date('2026-03-30T01:00:00Z'); // Monday 10:00 in Tokyo, Sunday 18:00 in Los Angeles
    expect(summarySlot(now, 'weekly', at9('Asia/Tokyo')).period.key).toBe('2026-03-23');
    expect(summarySlot(now, 'weekly', at9('America/Los_Angeles')).period.key).toBe('2026-03-16');
    // Daily: Tokyo's yesterday is the 29th, Los Angeles' the 28th (an older period: the worker skips it once a later one was sent).
    expect(summarySlot(now, 'daily', at9('Asia/Tokyo')).period.key).toBe('2026-03-29');
    expect(summarySlot(now, 'daily', at9('America/Los_Angeles')).period.key).toBe('2026-03-28');
  });

  it('next instants and the chart periods: 12 months ending with the reported one, 12 weeks for weekly', () => {
    expect(iso(nextSummaryAt(new Date('2026-04-01T09:00:01Z'), 'monthly', at9('UTC')))).toBe('2026-05-01T09:00:00.000Z');
    expect(iso(nextSummaryAt(new Date('2026-03-16T09:00:01Z'), 'daily', at9('UTC')))).toBe('2026-03-17T09:00:00.000Z');
    const months = periodsEndingWith(lastCompletePeriod(new Date('2026-04-15T00:00:00Z'), 'monthly', 'Europe/Berlin'), 12, 'Europe/Berlin');
    expect(months.map((m) => m.key)).toEqual(['2025-04-01', '2025-05-01', '2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01']);
    for (let i = 1; i < months.length; i++) expect(months[i]!.start.getTime()).toBe(months[i - 1]!.end.getTime());
    const weeks = periodsEndingWith(lastCompletePeriod(new Date('2026-04-01T00:00:00Z'), 'weekly', 'UTC'), 12, 'UTC');
    expect(weeks[0]!.key).toBe('2026-01-05');
    expect(weeks.at(-1)!.key).toBe('2026-03-23');
  });
});
