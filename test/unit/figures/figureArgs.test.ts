import { describe, expect, it } from 'vitest';
import { matchApp, parseFigureArgs } from '../../../src/figures/figureArgs.ts';

const NOW = new Date('2026-03-09T15:00:00Z');
const TRACKED = [
  { appId: '4242', name: 'Upsell Pro' },
  { appId: '777', name: 'Reviews' },
  { appId: '9001', name: 'Upsell Lite' },
];

describe('matchApp', () => {
  it.each([
    ['', ['4242', '777', '9001']],
    ['4242', ['4242']],
    ['gid://partners/App/777', ['777']],
    ['reviews', ['777']],
    ['Upsell Pro', ['4242']],
    ['upsell l', ['9001']],
    ['view', ['777']],
  ])('when the user names "%s", then the apps are %j', (text, ids) => {
    const match = matchApp(text, TRACKED);
    expect(match.ok && match.apps.map((a) => a.appId)).toEqual(ids);
  });

  it.each([
    ['Upsell', /matches several apps: Upsell Pro \(4242\), Upsell Lite \(9001\)/],
    ['Bundles', /No tracked app is called "Bundles"\. Tracked apps: Upsell Pro \(4242\), Reviews \(777\), Upsell Lite \(9001\)/],
    ['12', /No tracked app/],
  ])('when the user names "%s", then the answer explains it', (text, message) => {
    const match = matchApp(text, TRACKED);
    expect(match.ok).toBe(false);
    expect(!match.ok && match.error).toMatch(message);
  });
});

describe('parseFigureArgs', () => {
  it.each([
    ['', 'last 30d', '2026-02-07T15:00:00.000Z', '2026-03-09T15:00:00.000Z', null],
    ['last 7d', 'last 30d', '2026-03-02T15:00:00.000Z', '2026-03-09T15:00:00.000Z', null],
    ['last 30d 4242', 'this month', '2026-02-07T15:00:00.000Z', '2026-03-09T15:00:00.000Z', ['4242']],
    ['Reviews last month', 'last 30d', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z', ['777']],
    ['upsell pro', 'last 7d', '2026-03-02T15:00:00.000Z', '2026-03-09T15:00:00.000Z', ['4242']],
    ['this month Upsell Lite', 'last 7d', '2026-03-01T05:00:00.000Z', '2026-03-09T15:00:00.000Z', ['9001']],
    ['2026-01-01..2026-01-31 777', 'last 7d', '2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z', ['777']],
  ])('when the text is "%s" (default %s), then the window is [%s, %s) for apps %j', (args, fallback, start, end, apps) => {
    const parsed = parseFigureArgs(args, TRACKED, NOW, 'America/New_York', fallback);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([parsed.window.start.toISOString(), parsed.window.end.toISOString()]).toEqual([start, end]);
    expect(parsed.filtered ? parsed.apps.map((a) => a.appId) : null).toEqual(apps);
  });

  it.each([
    ['last 30m', /"m" is ambiguous[\s\S]*Examples: `last 30d`/],
    ['last 30m Reviews', /"m" is ambiguous/],
    ['last 30d Bundles', /No tracked app is called "Bundles"\. Tracked apps:/],
    ['fortnight', /"fortnight" is neither a time window nor a tracked app\. Tracked apps: Upsell Pro \(4242\)[\s\S]*Windows: `last 30d`/],
    ['since 2026-13-01', /not a calendar date/],
  ])('when the text is "%s", then the error says what is wrong and how to write it', (args, message) => {
    const parsed = parseFigureArgs(args, TRACKED, NOW, 'America/New_York', 'last 30d');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });
});

describe('parseFigureArgs on long input', () => {
  it('when the argument is 4,000 characters, then it is refused with the 200-character limit and window examples', () => {
    const result = parseFigureArgs('ab '.repeat(1334).slice(0, 4000), TRACKED, NOW, 'Europe/Berlin', 'last 30d');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^That is 4000 characters; give at most 200: a time window and, optionally, an app name or id\.\nWindows: `last 30d`/);
  });

  it('when the argument is exactly 200 characters, then it is parsed as usual', () => {
    const result = parseFigureArgs(`last 7d ${'x'.repeat(192)}`, TRACKED, NOW, 'Europe/Berlin', 'last 30d');
    expect(!result.ok && result.error).toMatch(/^No tracked app is called "x{192}"/);
  });

  it('when a tracked app name has many words, then it is still found before or after the window', () => {
    const tracked = [...TRACKED, { appId: '55', name: 'The Big Bundle And Upsell Suite For Shops' }];
    for (const args of ['last 7d the big bundle and upsell suite for shops', 'The Big Bundle And Upsell Suite For Shops last 7 days']) {
      const result = parseFigureArgs(args, tracked, NOW, 'Europe/Berlin', 'last 30d');
      expect(result.ok && result.apps.map((a) => a.appId)).toEqual(['55']);
    }
  });

  it('when an app comes with a date before 2009, then the out-of-range error is shown', () => {
    const result = parseFigureArgs('since 1000-01-01 4242', TRACKED, NOW, 'Europe/Berlin', 'last 30d');
    expect(!result.ok && result.error).toMatch(/^"1000-01-01" is out of range: dates must be between 2009-01-01 and 2027-03-09\.\nExamples:/);
  });
});

