import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.ts';

/** Bolt logs through our logger, so its lines are JSON, scoped and redacted like ours. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const join = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg) => logger.debug(join(msg), { source: 'bolt' }),
    info: (...msg) => logger.info(join(msg), { source: 'bolt' }),
    warn: (...msg) => logger.warn(join(msg), { source: 'bolt' }),
    error: (...msg) => logger.error(join(msg), { source: 'bolt' }),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
