export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
  /** A logger whose lines all carry `context` (teamId, orgId, job...). */
  child(context: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

// Secrets that could ride along in an error message or a context value are masked before a line is
// written: Slack tokens, Partner API tokens, and anything under a key that names a secret.
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /prtapi_[A-Za-z0-9_-]+/g,
  /shp(?:at|ca|pa|ss)_[A-Za-z0-9]+/g,
];
const SECRET_KEY = /token|secret|password|authorization|ciphertext|key$/i;

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((out, pattern) => out.replace(pattern, '[redacted]'), text);
}

function sanitize(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return depth > 4 ? '[array]' : value.map((v) => sanitize(v, depth + 1));
  if (value && typeof value === 'object') {
    if (depth > 4) return '[object]';
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && inner != null ? '[redacted]' : sanitize(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(options: {
  level: LogLevel;
  sink?: LogSink;
  context?: Record<string, unknown>;
}): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const minimum = LEVEL_RANK[options.level];
  const base = options.context ?? {};

  const write = (level: LogLevel, message: string, context?: Record<string, unknown>) => {
    if (LEVEL_RANK[level] < minimum) return;
    const fields = sanitize({ ...base, ...context }) as Record<string, unknown>;
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg: redact(message), ...fields }));
  };

  return {
    debug: (m, c) => write('debug', m, c),
    info: (m, c) => write('info', m, c),
    warn: (m, c) => write('warn', m, c),
    error: (m, c) => write('error', m, c),
    child: (context) => createLogger({ level: options.level, sink, context: { ...base, ...context } }),
  };
}
