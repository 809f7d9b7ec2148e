import { describe, expect, it } from 'vitest';
import { digestSlot, dueDigest, lastCompleteWeek, nextDigestAt, weeksEndingWith, type DigestSchedule } from '../../../src/digest/schedule.ts';

const MONDAY_9 = (timeZone: string): DigestSchedule => ({ timeZone, weekday: 1, hour: 9 });
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('dueDigest', () => {
  const cases: Array<{ name: string; now: string; schedule: DigestSchedule; due: string | null; weekStart?: string }> = [
    { name: 'default Monday 09:00 UTC, a minute early', now: '2026-03-16T08:59:00Z', schedule: MONDAY_9('UTC'), due: null },
    { name: 'default Monday 09:00 UTC, on time', now: '2026-03-16T09:00:00Z', schedule: MONDAY_9('UTC'), due: '2026-03-16T09:00:00.000Z', weekStart: '2026-03-09' },
    { name: 'missed on Monday, bot back on Wednesday: late, same week', now: '2026-03-18T15:00:00Z', schedule: MONDAY_9('UTC'), due: '2026-03-16T09:00:00.000Z', weekStart: '2026-03-09' },
    { name: 'Sunday 23:59, still the same week', now: '2026-03-22T23:59:59Z', schedule: MONDAY_9('UTC'), due: '2026-03-16T09:00:00.000Z', weekStart: '2026-03-09' },
    { name: 'next Monday 00:00: the old week is gone, the new one not yet due', now: '2026-03-23T00:00:00Z', schedule: MONDAY_9('UTC'), due: null },
    { name: 'Monday 09:00 in Berlin is 08:00 UTC in winter', now: '2026-03-16T08:00:00Z', schedule: MONDAY_9('Europe/Berlin'), due: '2026-03-16T08:00:00.000Z', weekStart: '2026-03-09' },
    { name: 'Berlin after the spring change (2026-03-29): 09:00 CEST is 07:00 UTC', now: '2026-03-30T07:00:00Z', schedule: MONDAY_9('Europe/Berlin'), due: '2026-03-30T07:00:00.000Z', weekStart: '2026-03-23' },
    { name: 'Berlin after the spring change, 06:59 UTC is 08:59 local: not due', now: '2026-03-30T06:59:00Z', schedule: MONDAY_9('Europe/Berlin'), due: null },
    { name: 'Berlin Sunday 02:00 on the change day does not exist: due at 03:00 CEST', now: '2026-03-29T01:00:00Z', schedule: { timeZone: 'Europe/Berlin', weekday: 7, hour: 2 }, due: '2026-03-29T01:00:00.000Z', weekStart: '2026-03-16' },
    { name: 'Berlin Sunday 02:00 skipped hour, a minute before', now: '2026-03-29T00:59:00Z', schedule: { timeZone: 'Europe/Berlin', weekday: 7, hour: 2 }, due: null },
    { name: 'New York Sunday 01:00 on 2026-11-01 happens twice: the first one (EDT)', now: '2026-11-01T05:00:00Z', schedule: { timeZone: 'America/New_York', weekday: 7, hour: 1 }, due: '2026-11-01T05:00:00.000Z', weekStart: '2026-10-19' },
    { name: 'New York Monday after the fall change: 09:00 EST is 14:00 UTC', now: '2026-11-02T13:59:00Z', schedule: MONDAY_9('America/New_York'), due: null },
    { name: 'New York Monday after the fall change, on time', now: '2026-11-02T14:00:00Z', schedule: MONDAY_9('America/New_York'), due: '2026-11-02T14:00:00.000Z', weekStart: '2026-10-26' },
    { name: 'Friday 17:00 in Tokyo, Friday 08:00 UTC', now: '2026-03-20T08:00:00Z', schedule: { timeZone: 'Asia/Tokyo', weekday: 5, hour: 17 }, due: '2026-03-20T08:00:00.000Z', weekStart: '2026-03-09' },
    { name: 'Monday 00:00 UTC is Sunday evening in New York: that local week', now: '2026-03-23T02:00:00Z', schedule: MONDAY_9('America/New_York'), due: '2026-03-16T13:00:00.000Z', weekStart: '2026-03-09' },
  ];
  it.each(cases)('$name', ({ now, schedule, due, weekStart }) => {
    const slot = dueDigest(new Date(now), schedule);
    expect(iso(slot?.dueAt)).toBe(due);
    if (weekStart) expect(slot?.week.weekStart).toBe(weekStart);
  });

  it('when the reported week spans the Berlin spring change, then it is 167 hours, Monday to Monday local', () => {
    const slot = digestSlot(new Date('2026-03-30T12:00:00Z'), MONDAY_9('Europe/Berlin'));
    expect(iso(slot.week.start)).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(slot.week.end)).toBe('2026-03-29T22:00:00.000Z');
    expect((slot.week.end.getTime() - slot.week.start.getTime()) / 3_600_000).toBe(167);
  });

  it('when the reported week spans the New York fall change, then it is 169 hours', () => {
    const week = lastCompleteWeek(new Date('2026-11-03T12:00:00Z'), 'America/New_York');
    expect(week.weekStart).toBe('2026-10-26');
    expect((week.end.getTime() - week.start.getTime()) / 3_600_000).toBe(169);
  });
});

describe('a fake clock stepping through a week across a DST change', () => {
  it('when the clock runs minute by minute over two Berlin weeks (Monday 00:00 local to Sunday 24:00), then each week is due exactly from its scheduled instant and never for an older week', () => {
    const schedule = MONDAY_9('Europe/Berlin');
    const firstDue = new Map<string, string>();
    const seen: string[] = [];
    for (let t = Date.parse('2026-03-22T23:00:00Z'); t < Date.parse('2026-04-05T22:00:00Z'); t += 60_000) {
      const slot = dueDigest(new Date(t), schedule);
      if (!slot) continue;
      if (!firstDue.has(slot.week.weekStart)) firstDue.set(slot.week.weekStart, new Date(t).toISOString());
      if (seen.at(-1) !== slot.week.weekStart) seen.push(slot.week.weekStart);
    }
    // 09:00 CET = 08:00 UTC before the change; 09:00 CEST = 07:00 UTC after it.
    expect(Object.fromEntries(firstDue)).toEqual({
      '2026-03-16': '2026-03-23T08:00:00.000Z',
      '2026-03-23': '2026-03-30T07:00:00.000Z',
    });
    expect(seen).toEqual(['2026-03-16', '2026-03-23']);
  });
});

describe('nextDigestAt and weeksEndingWith', () => {
  it('when this week\'s slot is ahead, then it is next; once passed, next week\'s', () => {
    expect(iso(nextDigestAt(new Date('2026-03-16T08:00:00Z'), MONDAY_9('UTC')))).toBe('2026-03-16T09:00:00.000Z');
    expect(iso(nextDigestAt(new Date('2026-03-16T09:00:01Z'), MONDAY_9('UTC')))).toBe('2026-03-23T09:00:00.000Z');
    expect(iso(nextDigestAt(new Date('2026-03-25T00:00:00Z'), MONDAY_9('Europe/Berlin')))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('when 12 weeks end with a week, then they are consecutive local Mondays, touching, oldest first', () => {
    const last = lastCompleteWeek(new Date('2026-04-01T12:00:00Z'), 'Europe/Berlin');
    const weeks = weeksEndingWith(last, 12, 'Europe/Berlin');
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toEqual(last);
    expect(weeks[0]!.weekStart).toBe('2026-01-05');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.start).toEqual(weeks[i - 1]!.end);
  });
});
