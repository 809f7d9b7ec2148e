import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { KIND_GROUPS } from '../../../src/slack/alerts/settingsModal.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { blockActionsPayload, sendInteraction, viewSubmissionPayload } from '../../helpers/slackRequests.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from '../../helpers/testBot.ts';
import { createAlertHarness, secondsAgo, type AlertHarness } from './alertHarness.ts';

const ADMIN = 'U0WSADMIN';
const MEMBER = 'U0MEMBER1';

describe.each(testBackends())('alert settings modal on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let bot: TestBot;
  let h: AlertHarness;
  beforeEach(async () => {
    database = await openTestDatabase(backend);
    fake = await startFakeSlack({ users: { [ADMIN]: { is_admin: true }, [MEMBER]: {} } });
    h = await createAlertHarness(database, fake);
    bot = await startTestBot(fake, database);
  });
  afterEach(async () => {
    await bot?.stop();
    await fake.stop();
    await database.close();
  });

  const submission = (user: string, enabled: Record<string, string[]>, tests: 'mark' | 'hide') =>
    viewSubmissionPayload(
      {
        callback_id: 'alert_settings',
        private_metadata: JSON.stringify({ connectionId: h.connectionId }),
        values: {
          ...Object.fromEntries(KIND_GROUPS.map((g) => [g.blockId, { kinds: { type: 'checkboxes', selected_options: (enabled[g.blockId] ?? []).map((value) => ({ value })) } }])),
          alert_test_charges: { test_charges: { type: 'radio_buttons', selected_option: { value: tests } } },
        },
      },
      { user_id: user },
    );

  it('when an admin opens the settings and unticks installs, then they are saved and install alerts stop', async () => {
    await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, blockActionsPayload({ action_id: 'open_alert_settings' }, { user_id: ADMIN }));
    const [open] = await fake.waitForCalls('views.open');
    expect((open!.args.view as { callback_id: string }).callback_id).toBe('alert_settings');

    const billing = KIND_GROUPS[1]!;
    const res = await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, submission(ADMIN, { alert_kinds_shops: ['uninstall'], [billing.blockId]: billing.kinds }, 'hide'));
    expect(res.status).toBe(200);
    const row = await database.db.selectFrom('partner_connections').select('alert_settings').executeTakeFirstOrThrow();
    expect(row.alert_settings).toEqual({ disabledKinds: ['install', 'store_closed', 'store_reopened', 'other'], hideTestCharges: true });

    await h.queue([{ type: 'RELATIONSHIP_INSTALLED', shopId: '3', occurredAt: secondsAgo(5) }, { type: 'RELATIONSHIP_UNINSTALLED', shopId: '3', occurredAt: secondsAgo(4) }]);
    await h.drain(h.worker());
    expect(h.posted().map((c) => String(c.args.text).split(':')[0])).toEqual(['Uninstall']);
    fake.expectNoViolations();
  });

  it('when a member who is not an admin tries, then the modal says so and a submission is refused', async () => {
    await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, blockActionsPayload({ action_id: 'open_alert_settings' }, { user_id: MEMBER }));
    const [open] = await fake.waitForCalls('views.open');
    expect(JSON.stringify(open!.args.view)).toContain('Only workspace admins');
    const res = await sendInteraction(bot.baseUrl, TEST_SIGNING_SECRET, submission(MEMBER, {}, 'hide'));
    expect(res.body).toMatchObject({ response_action: 'errors' });
    const row = await database.db.selectFrom('partner_connections').select('alert_settings').executeTakeFirstOrThrow();
    expect(row.alert_settings).toEqual({});
  });
});
