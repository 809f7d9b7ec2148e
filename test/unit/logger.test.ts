import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';

describe('logger', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, logger: createLogger({ level: 'info', sink: (l) => lines.push(l) }) };
  };

  it('when a message or context carries a Slack or Partner token, then the line holds only [redacted]', () => {
    const { lines, logger } = capture();
    logger.info('posting with xoxb-123-456-abc', { error: new Error('bad token prtapi_secret123'), note: 'xapp-1-A1-2-x' });
    expect(lines.join('\n')).not.toMatch(/xoxb-123|prtapi_secret123|xapp-1-A1/);
    expect(lines[0]).toContain('[redacted]');
  });

  it('when a context key names a secret, then its value is masked whatever it looks like', () => {
    const { lines, logger } = capture();
    logger.info('saving', { accessToken: 'plain-looking', nested: { clientSecret: 'abc', fine: 'ok' } });
    const line = JSON.parse(lines[0]!);
    expect(line.accessToken).toBe('[redacted]');
    expect(line.nested).toEqual({ clientSecret: '[redacted]', fine: 'ok' });
  });

  it('when a child logger is used, then its lines carry the scope and lower levels are dropped', () => {
    const { lines, logger } = capture();
    const child = logger.child({ teamId: 'T1', job: 'poll' });
    child.debug('hidden');
    child.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'shown', teamId: 'T1', job: 'poll' });
  });
});
