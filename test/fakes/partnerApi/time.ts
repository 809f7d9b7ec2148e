const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Any ISO-8601 instant to the API's fixed microsecond form `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so that
 * instants compare correctly as strings. Throws on anything else.
 */
export function toMicroIso(value: string): string {
  if (CANONICAL.test(value)) return value;
  const match = ISO.exec(value.trim());
  if (!match) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new Error(`Invalid DateTime: ${value}`);
    return `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}000Z`;
  }
  const [, seconds, fraction = '', zone] = match;
  const base = Date.parse(`${seconds}${zone === 'Z' ? 'Z' : zone}`);
  if (Number.isNaN(base)) throw new Error(`Invalid DateTime: ${value}`);
  return `${new Date(base).toISOString().slice(0, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}Z`;
}

/** Epoch ms plus extra microseconds (0–999) to the microsecond form. */
export function microIsoFromMs(ms: number, micros = 0): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}
