import { describe, expect, it } from 'vitest';
import { parseAppList, parseAppRef, parseOrganizationId, parseTimeZone, parseToken } from '../../../src/slack/connect/parseConnectInput.ts';

describe('parseOrganizationId', () => {
  it.each([
    ['123456', '123456'],
    ['  123456\n', '123456'],
    ['https://partners.shopify.com/123456/apps/789', '123456'],
    ['https://partners.shopify.com/123456', '123456'],
    ['partners.shopify.com/123456/payouts?x=1', '123456'],
    ['HTTPS://PARTNERS.SHOPIFY.COM/42/apps', '42'],
    ['00042', '42'],
  ])('when given %j, then it reads organization %s', (input, expected) => {
    expect(parseOrganizationId(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['   '], ['abc'], ['12 34'], ['https://example.com/123456'], ['https://partners.shopify.com/apps/123'], ['-5']])(
    'when given %j, then it says what to enter',
    (input) => {
      const result = parseOrganizationId(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/organization ID/i);
    },
  );
});

describe('parseAppRef', () => {
  it.each([
    ['789012', { appId: '789012', organizationId: null }],
    ['gid://partners/App/789012', { appId: '789012', organizationId: null }],
    ['https://partners.shopify.com/123456/apps/789012', { appId: '789012', organizationId: '123456' }],
    ['https://partners.shopify.com/123456/apps/789012/overview', { appId: '789012', organizationId: '123456' }],
    ['partners.shopify.com/123456/apps/789012?tab=1', { appId: '789012', organizationId: '123456' }],
  ])('when given %j, then it reads %j', (input, expected) => {
    expect(parseAppRef(input)).toEqual({ ok: true, value: expected });
  });

  it.each([['gid://shopify/App/1'], ['app-1'], ['https://partners.shopify.com/123456/apps'], ['gid://partners/Shop/5']])('when given %j, then it is an error', (input) => {
    expect(parseAppRef(input).ok).toBe(false);
  });
});

describe('parseAppList', () => {
  it.each([
    ['one per line, blank lines and duplicates ignored', '1\n\n2\n 1 \n', '9', ['1', '2']],
    ['CRLF lines and mixed forms', 'gid://partners/App/5\r\nhttps://partners.shopify.com/9/apps/6', '9', ['5', '6']],
  ])('when %s, then the apps are %j', (_name, input, org, expected) => {
    expect(parseAppList(input, org)).toEqual({ ok: true, value: expected });
  });

  it('when an app URL names another organization than the field, then it says so', () => {
    const result = parseAppList('https://partners.shopify.com/111/apps/789', '222');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/organization 111.*Organization ID is 222/) });
  });

  it.each([[''], ['\n  \n'], ['1\nnot-an-app']])('when given %j, then it is an error', (input) => {
    expect(parseAppList(input, '1').ok).toBe(false);
  });
});

describe('parseToken', () => {
  it.each([
    ['prtapi_abc123', 'prtapi_abc123'],
    ['  prtapi_abc123  ', 'prtapi_abc123'],
    ['\nprtapi_abc123\r\n', 'prtapi_abc123'],
    ['\tprtapi_abc123 \n ', 'prtapi_abc123'],
  ])('when given %j, then the token is trimmed', (input, expected) => {
    expect(parseToken(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['  \n'], ['prtapi_abc 123'], ['prtapi_abc\n123']])('when given %j, then it is an error that does not echo the token', (input) => {
    const result = parseToken(input);
    expect(result.ok).toBe(false);
    if (!result.ok && input.trim()) expect(result.error).not.toContain(input.trim());
  });
});

describe('parseTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['UTC', 'UTC'],
    [' Asia/Kolkata ', 'Asia/Kolkata'],
  ])('when given %j, then it is %s', (input, expected) => {
    expect(parseTimeZone(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['Mars/Olympus'], ['GMT+25']])('when given %j, then it is an error', (input) => {
    expect(parseTimeZone(input).ok).toBe(false);
  });
});
