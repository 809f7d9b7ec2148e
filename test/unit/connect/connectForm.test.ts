import { describe, expect, it } from 'vitest';
import { readSubmittedForm, toBlockErrors, validateForm, type SubmittedForm } from '../../../src/slack/connect/connectForm.ts';

const valid: SubmittedForm = {
  org: 'https://partners.shopify.com/123456/apps',
  token: ' prtapi_secret \n',
  apps: '789012\nhttps://partners.shopify.com/123456/apps/345',
  alertsChannelId: 'C1',
  digestChannelId: null,
  digestWeekday: 1,
  digestHour: 9,
  timeZone: 'europe/berlin',
};

describe('validateForm', () => {
  it('when everything is well formed, then it yields the request with normalized values', () => {
    expect(validateForm(valid, 'connect')).toEqual({
      ok: true,
      request: {
        organizationId: '123456', appIds: ['789012', '345'], token: 'prtapi_secret', alertsChannelId: 'C1', digestChannelId: null,
        digestWeekday: 1, digestHour: 9, timeZone: 'Europe/Berlin',
      },
    });
  });

  it.each<[string, Partial<SubmittedForm>, string[]]>([
    ['a bad org', { org: 'nope' }, ['org']],
    ['an app URL of another org', { apps: 'https://partners.shopify.com/999/apps/1' }, ['apps']],
    ['a token with inner spaces', { token: 'prt api' }, ['token']],
    ['no token when connecting', { token: ' ' }, ['token']],
    ['an unknown time zone', { timeZone: 'Nowhere/Land' }, ['time_zone']],
    ['no alerts channel', { alertsChannelId: null }, ['alerts_channel']],
    ['everything wrong', { org: 'x', apps: 'y', token: 'a b', timeZone: 'z', alertsChannelId: null }, ['alerts_channel', 'apps', 'org', 'time_zone', 'token']],
  ])('when the form has %s, then the errors are on %j', (_name, change, blocks) => {
    const result = validateForm({ ...valid, ...change }, 'connect');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(toBlockErrors(result.errors)).sort()).toEqual(blocks);
  });

  it('when editing with the token left empty, then the token is kept (null)', () => {
    const result = validateForm({ ...valid, token: '' }, 'edit');
    expect(result.ok && result.request.token).toBeNull();
  });
});

describe('readSubmittedForm', () => {
  it('when Slack sends state.values, then each field is read from its block and action', () => {
    const form = readSubmittedForm({
      org: { org_input: { value: '1' } },
      token: { token_input: { value: 't' } },
      apps: { apps_input: { value: '2' } },
      alerts_channel: { alerts_channel_input: { selected_conversation: 'C9' } },
      digest_channel: { digest_channel_input: { selected_conversation: null } },
      digest_day: { digest_day_input: { selected_option: { value: '5' } } },
      digest_hour: { digest_hour_input: { selected_option: { value: '17' } } },
      time_zone: { time_zone_input: { value: 'UTC' } },
    });
    expect(form).toEqual({ org: '1', token: 't', apps: '2', alertsChannelId: 'C9', digestChannelId: null, digestWeekday: 5, digestHour: 17, timeZone: 'UTC' });
  });
});
