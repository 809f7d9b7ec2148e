import { describe, expect, it } from 'vitest';
import type { PartnerConnection } from '../../../src/domain/connection.ts';
import { defaultFormValues } from '../../../src/slack/connect/connectForm.ts';
import { buildCheckingView, buildConnectedView, buildConnectModal } from '../../../src/slack/connect/connectModalView.ts';
import { buildHomeView } from '../../../src/slack/home/homeView.ts';
import { buildErrorNotice } from '../../../src/slack/notify/healthMessages.ts';
import { checkMessage, checkView } from '../../helpers/blockKitLimits.ts';

const connection: PartnerConnection = {
  id: 7, workspaceId: 'T1', organizationId: '123456', status: 'error', hasToken: true, tokenHint: 'abcd',
  lastError: 'Partner query "appEvents" for org 123456 was refused (HTTP 401)', lastErrorCode: 'partner_unauthorized', consecutiveFailures: 1,
  errorNotifiedAt: null, connectedByUserId: 'U1', timeZone: 'Europe/Berlin', alertsChannelId: 'C1', digestChannelId: 'C2',
  digestWeekday: 1, digestHour: 9, alertSettings: {}, alertsFrom: null, lastSuccessAt: '2026-11-01T10:00:00.000000Z', recordsImported: 12345,
};

describe('connect modal', () => {
  it('when the check failed, then each message sits right under its input and every value but the token comes back', () => {
    const values = { ...defaultFormValues('Europe/Berlin'), org: '123456', apps: '1\n2', alertsChannelId: 'C1', digestChannelId: 'C2', digestWeekday: 3, digestHour: 17 };
    const view = buildConnectModal({ mode: 'connect', values, errors: { token: 'refused', apps: 'App 2 is not in organization 123456.' } });
    expect(checkView(view)).toEqual([]);
    const blocks = view.blocks as Array<Record<string, any>>;
    const ids = blocks.map((b) => b.block_id);
    expect(ids[ids.indexOf('token') + 1]).toBe('token_error');
    expect(ids[ids.indexOf('apps') + 1]).toBe('apps_error');
    const byId = (id: string) => blocks.find((b) => b.block_id === id)!;
    expect(byId('org').element.initial_value).toBe('123456');
    expect(byId('apps').element.initial_value).toBe('1\n2');
    expect(byId('alerts_channel').element.initial_conversation).toBe('C1');
    expect(byId('digest_channel').element.initial_conversation).toBe('C2');
    expect(byId('digest_day').element.initial_option.value).toBe('3');
    expect(byId('digest_hour').element.initial_option.value).toBe('17');
    expect(byId('time_zone').element.initial_value).toBe('Europe/Berlin');
    expect(byId('token').element.initial_value).toBeUndefined();
    expect(byId('token').label.text).toBe('Access token');
  });

  it('when editing, then the token is optional and only its last 4 characters are hinted', () => {
    const view = buildConnectModal({ mode: 'edit', values: defaultFormValues('UTC'), tokenHint: 'wxyz' });
    const token = (view.blocks as Array<Record<string, any>>).find((b) => b.block_id === 'token')!;
    expect(token.optional).toBe(true);
    expect(token.hint.text).toContain('…wxyz');
  });

  it('when the checking and connected views are built, then they pass the Block Kit checks', () => {
    expect(checkView(buildCheckingView('connect'))).toEqual([]);
    expect(checkView(buildConnectedView({ mode: 'connect', organizationId: '1', apps: [{ appId: '2', name: 'A & <B>' }], alertsChannelId: 'C1', notes: ['x'] }))).toEqual([]);
  });
});

describe('home and notices', () => {
  it('when a connection is in error, then the Home tab shows the reason, what to do and all buttons', () => {
    const view = buildHomeView({ connection, apps: [{ appId: '2', name: 'Upsell' }], import: { complete: true, fraction: 1 }, slackToken: null });
    expect(checkView(view)).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain('Error:');
    expect(text).toContain('Create a new token');
    for (const action of ['home_edit', 'home_sync_now', 'open_alert_settings', 'disconnect_confirm']) expect(text).toContain(action);
  });

  it('when importing, then the Home tab shows the percentage', () => {
    const view = buildHomeView({ connection: { ...connection, status: 'active' }, apps: [], import: { complete: false, fraction: 0.42 }, slackToken: null });
    expect(JSON.stringify(view)).toContain('Importing history 42%');
  });

  it('when the admin is told about an error, then the DM passes the Block Kit checks', () => {
    const notice = buildErrorNotice({ workspaceId: 'T1', organizationId: '1', userId: 'U1', lastError: 'x'.repeat(5000), lastErrorCode: null });
    expect(checkMessage(notice)).toEqual([]);
  });
});
