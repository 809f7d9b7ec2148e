/**
 * Pure parsing of what people paste into the connect modal. Partner Dashboard URLs carry the
 * organization (and the app) in their path, so a URL is as good as a number; when an app URL names
 * a different organization than the Organization ID field, that is almost always a copy-paste slip,
 * so it is reported instead of guessed.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DASHBOARD_URL = /^(?:https?:\/\/)?partners\.shopify\.com\/(\d+)(?:[/?#].*)?$/i;
const APP_URL = /^(?:https?:\/\/)?partners\.shopify\.com\/(\d+)\/apps\/(\d+)(?:[/?#].*)?$/i;
const APP_GID = /^gid:\/\/partners\/App\/(\d+)$/;
const NUMBER = /^\d+$/;

export function parseOrganizationId(input: string): Parsed<string> {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter your Partner organization ID (the number after partners.shopify.com/ in the Partner Dashboard).' };
  if (NUMBER.test(text)) return { ok: true, value: stripZeros(text) };
  const url = DASHBOARD_URL.exec(text);
  if (url) return { ok: true, value: stripZeros(url[1]!) };
  return { ok: false, error: 'That is not an organization ID. Enter the number, or paste a Partner Dashboard URL such as https://partners.shopify.com/123456/apps.' };
}

export interface AppRef {
  appId: string;
  /** The organization named by an app URL, if the app was given as one. */
  organizationId: string | null;
}

export function parseAppRef(input: string): Parsed<AppRef> {
  const text = input.trim();
  if (NUMBER.test(text)) return { ok: true, value: { appId: stripZeros(text), organizationId: null } };
  const gid = APP_GID.exec(text);
  if (gid) return { ok: true, value: { appId: stripZeros(gid[1]!), organizationId: null } };
  const url = APP_URL.exec(text);
  if (url) return { ok: true, value: { appId: stripZeros(url[2]!), organizationId: stripZeros(url[1]!) } };
  return { ok: false, error: `"${text.slice(0, 60)}" is not an app ID. Use the number, gid://partners/App/N, or the app's Partner Dashboard URL.` };
}

/** One app per line; blank lines and duplicates are ignored; app URLs must agree with the org. */
export function parseAppList(input: string, organizationId: string | null): Parsed<string[]> {
  const lines = input.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return { ok: false, error: 'Enter at least one app ID, one per line.' };
  const apps: string[] = [];
  for (const line of lines) {
    const parsed = parseAppRef(line);
    if (!parsed.ok) return parsed;
    const { appId, organizationId: urlOrg } = parsed.value;
    if (urlOrg && organizationId && urlOrg !== organizationId) {
      return {
        ok: false,
        error: `The URL of app ${appId} is in organization ${urlOrg}, but the Organization ID is ${organizationId}. Make them match.`,
      };
    }
    if (!apps.includes(appId)) apps.push(appId);
  }
  if (apps.length > 50) return { ok: false, error: 'partnerbot tracks at most 50 apps per workspace.' };
  return { ok: true, value: apps };
}

/** The organization named by the first app URL, for when the Organization ID field is left unusable. */
export function organizationFromApps(input: string): string | null {
  for (const line of input.split(/\r?\n/)) {
    const url = APP_URL.exec(line.trim());
    if (url) return stripZeros(url[1]!);
  }
  return null;
}

/** Trims what copying adds around a token; whitespace inside means the paste went wrong. */
export function parseToken(input: string): Parsed<string> {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter the Partner API access token.' };
  if (/\s/.test(text)) return { ok: false, error: 'The token contains spaces or line breaks. Copy it again from the Partner Dashboard and paste it as one piece.' };
  if (text.length > 500) return { ok: false, error: 'That is too long to be a Partner API access token.' };
  return { ok: true, value: text };
}

/**
 * Any IANA zone Intl accepts. The spelling is the listed one when there is one ("europe/berlin" ->
 * "Europe/Berlin"); resolvedOptions() is not used because ICU turns Asia/Kolkata into Asia/Calcutta.
 */
export function parseTimeZone(input: string): Parsed<string> {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter a time zone such as Europe/Berlin or America/New_York.' };
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
  } catch {
    return { ok: false, error: `"${text.slice(0, 60)}" is not a time zone. Use an IANA name such as Europe/Berlin, America/New_York or UTC.` };
  }
  const listed = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === text.toLowerCase());
  return { ok: true, value: listed ?? text };
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
