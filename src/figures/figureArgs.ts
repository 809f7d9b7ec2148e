import type { TrackedApp } from '../domain/connection.ts';
import { trailingNumber } from '../domain/ids.ts';
import { parseWindow, type TimeWindow } from '../metrics/window.ts';
import { merchantText, mrkdwnList } from '../slackApi/mrkdwn.ts';

/** Window phrases shown to users: in `/partner help` and under a window the parser did not accept. */
export const WINDOW_EXAMPLES = ['last 30d', 'last 2 weeks', 'this month', 'last quarter', 'ytd', 'since 2026-01-01', '2026-01-01..2026-03-31'] as const;

/** The examples as inline code, joined by `separator`. */
export function windowExamples(separator: string): string {
  return WINDOW_EXAMPLES.map((w) => `\`${w}\``).join(separator);
}

/** `error` is mrkdwn: what the user typed and the app names are quoted escaped, so a reply cannot mention or link. */
export type AppMatch = { ok: true; apps: TrackedApp[] } | { ok: false; error: string };

/** What the user typed, quoted back in an error. */
const quoted = (text: string) => `"${merchantText(text, 1000)}"`;

/** The tracked app a user named by id, gid or name (exact, else a unique prefix or part of it). */
export function matchApp(text: string, tracked: readonly TrackedApp[]): AppMatch {
  const wanted = text.trim();
  if (wanted === '') return { ok: true, apps: [...tracked] };
  const id = /^(gid:\/\/partners\/App\/)?\d+$/.test(wanted) ? trailingNumber(wanted) : null;
  const lower = wanted.toLowerCase();
  const candidates: TrackedApp[][] = [
    tracked.filter((a) => a.appId === id),
    tracked.filter((a) => a.name.toLowerCase() === lower),
    tracked.filter((a) => a.name.toLowerCase().startsWith(lower)),
    tracked.filter((a) => a.name.toLowerCase().includes(lower)),
  ];
  for (const found of candidates) {
    if (found.length === 1) return { ok: true, apps: found };
    if (found.length > 1) return { ok: false, error: `${quoted(wanted)} matches several apps: ${listApps(found)}. Give more of the name or the app id.` };
  }
  return { ok: false, error: `No tracked app is called ${quoted(wanted)}. Tracked apps: ${listApps(tracked)}.` };
}

export function listApps(apps: readonly TrackedApp[]): string {
  return apps.length === 0 ? 'none yet' : mrkdwnList(apps.map((a) => `${merchantText(a.name, 80)} (${merchantText(a.appId, 40)})`), 1500);
}

export type FigureArgs = { ok: true; window: TimeWindow; apps: TrackedApp[]; filtered: boolean } | { ok: false; error: string };

/** Longer arguments are refused before parsing: no window plus app name needs more, and the reply quotes them. */
export const MAX_FIGURE_ARGS_LENGTH = 200;
/** No window phrase has more words ("last 30 days", "2026-01-01 .. 2026-03-31"); longer splits cannot parse. */
const MAX_WINDOW_WORDS = 3;

/**
 * `[window] [app]` or `[app] [window]` in any order: the words are split where the window phrase
 * parses and the rest names a tracked app. An app whose name could read as a window loses to the
 * window only when the whole text is a window; otherwise the split that names an app wins.
 * Only splits that can succeed are tried (a window of at most MAX_WINDOW_WORDS words, an app part no
 * longer than the longest tracked name), so the work grows linearly with the text.
 */
export function parseFigureArgs(args: string, tracked: readonly TrackedApp[], now: Date, timeZone: string, defaultPhrase: string): FigureArgs {
  const trimmed = args.trim();
  if (trimmed.length > MAX_FIGURE_ARGS_LENGTH) {
    return {
      ok: false,
      error: `That is ${trimmed.length} characters; give at most ${MAX_FIGURE_ARGS_LENGTH}: a time window and, optionally, an app name or id.\nWindows: ${windowExamples(', ')}.`,
    };
  }
  const words = trimmed.split(/\s+/).filter((w) => w !== '');
  const whole = parseWindow(words.join(' '), now, timeZone, defaultPhrase);
  if (whole.ok) return { ok: true, window: whole.window, apps: [...tracked], filtered: false };

  let unknownApp: string | null = null;
  for (let k = Math.min(words.length - 1, MAX_WINDOW_WORDS); k >= 0; k--) {
    // window first (k words), then the app; and the app first, then the window.
    for (const [windowWords, appWords] of [
      [words.slice(0, k), words.slice(k)],
      [words.slice(words.length - k), words.slice(0, words.length - k)],
    ] as const) {
      const window = parseWindow(windowWords.join(' '), now, timeZone, defaultPhrase);
      if (!window.ok) continue;
      const app = matchApp(appWords.join(' '), tracked);
      if (app.ok) return { ok: true, window: window.window, apps: app.apps, filtered: true };
      if (windowWords.length > 0) unknownApp ??= app.error;
    }
  }
  // Nothing reads as window + app: a text with a known app names a bad window, else say both.
  // An app part matches only if it fits in a tracked name (or is one id), so longer parts are skipped.
  const maxAppWords = Math.max(1, ...tracked.map((a) => a.name.trim().split(/\s+/).length));
  for (let k = 1; k <= Math.min(words.length, maxAppWords); k++) {
    for (const [appWords, rest] of [
      [words.slice(words.length - k), words.slice(0, words.length - k)],
      [words.slice(0, k), words.slice(k)],
    ] as const) {
      if (rest.length === 0 || !matchApp(appWords.join(' '), tracked).ok) continue;
      const window = parseWindow(rest.join(' '), now, timeZone, defaultPhrase);
      if (!window.ok) return { ok: false, error: windowError(window.error) };
    }
  }
  if (unknownApp) return { ok: false, error: unknownApp };
  if (whole.error.startsWith('Unknown time window')) {
    return { ok: false, error: `${quoted(trimmed)} is neither a time window nor a tracked app. Tracked apps: ${listApps(tracked)}.\nWindows: ${windowExamples(', ')}.` };
  }
  return { ok: false, error: windowError(whole.error) };
}

/** The window parser's errors are plain text that quotes the user: escaped here, where they become mrkdwn. */
function windowError(error: string): string {
  return `${merchantText(error, 400)}\nExamples: ${windowExamples(', ')}.`;
}
