import { describe, expect, it } from 'vitest';
import { parseWindow, previousWindow, type TimeWindow } from '../../../src/metrics/window.ts';
import { NOW } from './fixtures.ts';

const NY = 'America/New_York';
const HOUR = 3_600_000;

function parsed(phrase: string, now = NOW, timeZone = NY, defaultPhrase = 'last 30d'): TimeWindow {
  const r = parseWindow(phrase, now, timeZone, defaultPhrase);
  if (!r.ok) throw new Error(r.error);
  return r.window;
}
const iso = (w: TimeWindow) => [w.start.toISOString(), w.end.toISOString()];
const now = NOW.toISOString(); // Monday 2026-03-09 11:00 in New York (EDT since 03-08)

describe('parseWindow: every phrase of METRICS.md, at Monday 2026-03-09 11:00 New York', () => {
  it.each([
    ['last 30d', '2026-02-07T15:00:00.000Z', now],
    ['last 7 days', '2026-03-02T15:00:00.000Z', now],
    ['last 1 day', '2026-03-08T15:00:00.000Z', now],
    ['last 2 weeks', '2026-02-23T15:00:00.000Z', now],
    ['last 1w', '2026-03-02T15:00:00.000Z', now],
    ['last 3 months', '2025-12-09T16:00:00.000Z', now], // 11:00 EST: calendar months in the zone
    ['last 2mo', '2026-01-09T16:00:00.000Z', now],
    ['today', '2026-03-09T04:00:00.000Z', now],
    ['yesterday', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['this week', '2026-03-09T04:00:00.000Z', now],
    ['last week', '2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['this month', '2026-03-01T05:00:00.000Z', now],
    ['last month', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
    ['this quarter', '2026-01-01T05:00:00.000Z', now],
    ['last quarter', '2025-10-01T04:00:00.000Z', '2026-01-01T05:00:00.000Z'],
    ['this year', '2026-01-01T05:00:00.000Z', now],
    ['last year', '2025-01-01T05:00:00.000Z', '2026-01-01T05:00:00.000Z'],
    ['ytd', '2026-01-01T05:00:00.000Z', now],
    ['since 2026-01-01', '2026-01-01T05:00:00.000Z', now],
    ['2026-01-01..2026-03-31', '2026-01-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    ['2026-01-01 .. 2026-01-01', '2026-01-01T05:00:00.000Z', '2026-01-02T05:00:00.000Z'],
    ['', '2026-02-07T15:00:00.000Z', now],
    ['  LAST   7   Days ', '2026-03-02T15:00:00.000Z', now],
    ['Last Month', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
  ])('"%s" is [%s, %s)', (phrase, start, end) => {
    expect(iso(parsed(phrase))).toEqual([start, end]);
  });

  it.each([
    ['last 30d', 'last 30 days'],
    ['last 1 day', 'last 1 day'],
    ['yesterday', 'yesterday (2026-03-08)'],
    ['last month', 'last month (2026-02-01 – 2026-02-28)'],
    ['this quarter', 'this quarter (2026-01-01 – 2026-03-09)'],
    ['ytd', 'year to date (2026-01-01 – 2026-03-09)'],
    ['2026-01-01..2026-03-31', '2026-01-01 – 2026-03-31'],
  ])('"%s" is labelled "%s"', (phrase, label) => {
    expect(parsed(phrase).label).toBe(label);
  });
});

describe('parseWindow: time zones and DST', () => {
  it('when New York springs forward (2026-03-08) then that day, as "yesterday", lasts 23 hours', () => {
    const w = parsed('yesterday', NOW, NY);
    expect(w.end.getTime() - w.start.getTime()).toBe(23 * HOUR);
  });

  it('when Berlin falls back (2026-10-25) then that day, as "yesterday", lasts 25 hours', () => {
    const w = parsed('yesterday', new Date('2026-10-26T10:00:00Z'), 'Europe/Berlin');
    expect(iso(w)).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(w.end.getTime() - w.start.getTime()).toBe(25 * HOUR);
  });

  it('when "last 7 days" spans a DST change then it is still 7 x 24 hours (a duration, not calendar days)', () => {
    const w = parsed('last 7 days', NOW, NY);
    expect(w.end.getTime() - w.start.getTime()).toBe(7 * 24 * HOUR);
  });

  it('when it is already Monday in Tokyo but still Sunday in UTC then "today" follows the workspace zone', () => {
    const sundayUtc = new Date('2026-03-08T20:00:00Z'); // Monday 05:00 in Tokyo
    expect(iso(parsed('today', sundayUtc, 'Asia/Tokyo'))).toEqual(['2026-03-08T15:00:00.000Z', '2026-03-08T20:00:00.000Z']);
    expect(iso(parsed('today', sundayUtc, 'UTC'))).toEqual(['2026-03-08T00:00:00.000Z', '2026-03-08T20:00:00.000Z']);
  });

  it('when it is Sunday then "this week" started on the Monday before (weeks start Monday)', () => {
    const sunday = new Date('2026-03-08T15:00:00Z');
    expect(parsed('this week', sunday, 'UTC').start.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('when "last 1 month" starts on the 31st then it clamps to the end of the shorter month', () => {
    const w = parsed('last 1 month', new Date('2026-03-31T12:00:00Z'), 'UTC');
    expect(w.start.toISOString()).toBe('2026-02-28T12:00:00.000Z');
  });
});

describe('parseWindow: errors', () => {
  it.each([
    ['last 0d', '"last 0d" — the number of days must be at least 1.'],
    ['last 0 weeks', '"last 0 weeks" — the number of weeks must be at least 1.'],
    ['last 3m', '"last 3m" — "m" is ambiguous (minutes or months?). Write "3mo" or "3 months".'],
    ['last 1.5d', '"last 1.5d" — the number of days must be a whole number.'],
    ['last -3d', '"last -3d" — the number of days must be a whole number.'],
    ['last 30', '"last 30" — add a unit: days (d), weeks (w) or months (mo), e.g. "last 30d".'],
    ['last 5000d', '"last 5000d" — at most 3660 days.'],
    ['last 3 hours', '"last 3 hours" — unknown unit "hours". Use days (d), weeks (w) or months (mo), e.g. "last 30d".'],
    ['since 2027-01-01', '"since 2027-01-01" — that day has not started yet.'],
    ['since 01/02/2026', '"01/02/2026" is not a date: write it as YYYY-MM-DD, e.g. 2026-01-01.'],
    ['since 2026-13-01', '"2026-13-01" is not a calendar date.'],
    ['2026-02-30..2026-03-01', '"2026-02-30" is not a calendar date.'],
    ['2026-03-31..2026-01-01', '"2026-03-31..2026-01-01" — the end date is before the start date.'],
  ])('"%s" -> %s', (phrase, error) => {
    expect(parseWindow(phrase, NOW, NY, 'last 30d')).toEqual({ ok: false, error });
  });

  it.each(['last fortnight', 'next week', 'bananas'])('when the phrase "%s" is unknown then the error lists examples', (phrase) => {
    const r = parseWindow(phrase, NOW, NY, 'last 30d');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toMatch(new RegExp(`^Unknown time window "${phrase}"\\. Try one of: last 30d, .*2026-01-01\\.\\.2026-03-31\\.$`));
  });

  it.each([
    ['since 1000-01-01', '"1000-01-01"'],
    ['since 2008-12-31', '"2008-12-31"'],
    ['2008-12-31..2026-01-01', '"2008-12-31"'],
    ['2026-01-01..2027-03-10', '"2027-03-10"'],
    ['2026-01-01..9999-12-31', '"9999-12-31"'],
  ])('when "%s" names a date outside 2009-01-01 to a year from today, then %s is refused naming the range', (phrase, day) => {
    expect(parseWindow(phrase, NOW, NY, 'last 30d')).toEqual({
      ok: false,
      error: `${day} is out of range: dates must be between 2009-01-01 and 2027-03-09.`,
    });
  });

  it.each(['since 2009-01-01', '2026-01-01..2027-03-09'])('when "%s" is at the edge of the range, then it is accepted', (phrase) => {
    expect(parseWindow(phrase, NOW, NY, 'last 30d').ok).toBe(true);
  });

  it('when the time zone is not an IANA name then it says so', () => {
    expect(parseWindow('today', NOW, 'Mars/Olympus', '')).toEqual({
      ok: false,
      error: 'Unknown time zone "Mars/Olympus": expected an IANA name such as Europe/Berlin.',
    });
  });

  it('when the phrase and the default are both empty then it says no window was given', () => {
    expect(parseWindow('  ', NOW, NY, '')).toEqual({ ok: false, error: 'No time window given and no default window.' });
  });
});

describe('previousWindow', () => {
  it('when the window is the last 7 days then the previous one is the 7 days before it', () => {
    const prev = previousWindow(parsed('last 7 days'));
    expect(iso(prev)).toEqual(['2026-02-23T15:00:00.000Z', '2026-03-02T15:00:00.000Z']);
  });

  it('when the window is last month (28 days) then the previous one has the same length, ending where it starts', () => {
    const w = parsed('last month');
    const prev = previousWindow(w);
    expect(prev.end).toEqual(w.start);
    expect(prev.end.getTime() - prev.start.getTime()).toBe(w.end.getTime() - w.start.getTime());
    expect(prev.label).toBe('the period before last month (2026-02-01 – 2026-02-28)');
  });
});
