import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDigestTargets } from '../../../src/storage/digestTargets.ts';
import { FAKE_TEAM_ID } from '../../helpers/fakeSlack.ts';
import { blockActionsPayload, eventCallback, sendEvent, sendInteraction, viewSubmissionPayload } from '../../helpers/slackRequests.ts';
import { TEST_SIGNING_SECRET } from '../../helpers/testBot.ts';
import { testBackends } from '../../helpers/testDatabase.ts';
import { ADMIN, ALERTS, MEMBER, PRIVATE, PUBLIC, startRoutingEnv, type RoutingEnv } from '../routing/routingHarness.ts';

type Json = Record<string, any>;
type Cadence = 'daily' | 'weekly' | 'monthly';
interface CadenceForm { on: boolean; channel?: string | null; hour?: number; weekday?: number; skip?: boolean }

/** What Slack sends for the summaries modal: every input block, as a person leaves or changes it. */
function form(parts: Partial<Record<Cadence, CadenceForm>>): Json {
  const values: Json = {};
  for (const cadence of ['daily', 'weekly', 'monthly'] as const) {
    const p = parts[cadence] ?? { on: false };
    values[`summary_${cadence}_on`] = { value: { type: 'checkboxes', selected_options: p.on ? [{ value: 'on' }] : [] } };
    values[`summary_${cadence}_channel`] = { value: { type: 'conversations_select', selected_conversation: p.channel ?? null } };
    values[`summary_${cadence}_hour`] = { value: { type: 'static_select', selected_option: { value: String(p.hour ?? 9) } } };
    if (cadence === 'weekly') values.summary_weekly_weekday = { value: { type: 'static_select', selected_option: { value: String(p.weekday ?? 1) } } };
    if (cadence === 'daily') values.summary_daily_skip = { value: { type: 'checkboxes', selected_options: p.skip ? [{ value: 'skip' }] : [] } };
  }
  return values;
}

describe.each(testBackends())('App Home "Summaries" on %s', (backend) => {
  let env: RoutingEnv;
  beforeEach(async () => {
    env = await startRoutingEnv(backend);
  });
  afterEach(async () => {
    await env?.stop();
  });

  const click = async (user = ADMIN) => {
    const res = await sendInteraction(env.bot.baseUrl, TEST_SIGNING_SECRET, blockActionsPayload({ action_id: 'summaries_edit' }, { user_id: user, view: { id: 'VHOME', type: 'home' } }));
    expect(res.status).toBe(200);
  };
  const opened = async (count: number) => (await env.fake.waitForCalls('views.open', count))[count - 1]!.args.view as Json;
  const lastHome = () => JSON.stringify(env.fake.callsTo('views.publish').at(-1)?.args.view ?? {});
  const submit = async (meta: string, values: Json, user = ADMIN) => {
    const res = await sendInteraction(env.bot.baseUrl, TEST_SIGNING_SECRET, viewSubmissionPayload({ callback_id: 'summary_settings', private_metadata: meta, values }, { user_id: user }));
    expect(res.status).toBe(200);
    return (typeof res.body === 'object' ? res.body : {}) as Json;
  };
  const summaries = async () => (await listDigestTargets(env.database.db, FAKE_TEAM_ID))[0]!.summaries;

  it('when an admin turns daily and monthly on from the Home tab, then they are stored, the public channel is joined and the Home lists all three', async () => {
    await sendEvent(env.bot.baseUrl, TEST_SIGNING_SECRET, eventCallback({ type: 'app_home_opened', user: ADMIN, tab: 'home', channel: 'D0HOME' }));
    await env.fake.waitForCalls('views.publish');
    expect(lastHome()).toContain('*Summaries*');
    expect(lastHome()).toContain('*Daily summary*: off.');
    expect(lastHome()).toContain(`*Weekly digest*: on, to <#${ALERTS}> every Monday at 09:00 (UTC)`);

    await click();
    const modal = await opened(1);
    expect(modal.callback_id).toBe('summary_settings');
    // The weekly digest is on by default: the modal opens with it checked, at Monday 09:00.
    expect(modal.blocks.find((b: Json) => b.block_id === 'summary_weekly_on').element.initial_options).toHaveLength(1);
    expect(modal.blocks.find((b: Json) => b.block_id === 'summary_daily_on').element.initial_options).toBeUndefined();
    expect(modal.blocks.find((b: Json) => b.block_id === 'summary_weekly_weekday').element.initial_option.value).toBe('1');

    const ack = await submit(modal.private_metadata, form({ daily: { on: true, channel: PUBLIC, hour: 7, skip: true }, weekly: { on: true, weekday: 5, hour: 16 }, monthly: { on: true, hour: 10 } }));
    expect(ack).toEqual({});
    expect(await summaries()).toMatchObject({
      daily: { on: true, channelId: PUBLIC, hour: 7, skipEmpty: true },
      weekly: { on: true, channelId: ALERTS, weekday: 5, hour: 16 },
      monthly: { on: true, channelId: ALERTS, hour: 10 },
    });
    expect(env.fake.callsTo('conversations.join').map((c) => c.args.channel)).toEqual([PUBLIC]);
    await expect.poll(lastHome, { timeout: 5000 }).toContain('Saved the summary settings.');
    expect(lastHome()).toContain(`*Daily summary*: on, to <#${PUBLIC}> every day at 07:00 (UTC): yesterday in a few lines, skipped on a day when nothing happened.`);
    expect(lastHome()).toContain(`*Weekly digest*: on, to <#${ALERTS}> every Friday at 16:00`);
    expect(lastHome()).toContain(`*Monthly summary*: on, to <#${ALERTS}> on the 1st at 10:00`);

    // Reopened, the modal shows what was saved.
    await click();
    const again = await opened(2);
    expect(again.blocks.find((b: Json) => b.block_id === 'summary_daily_channel').element.initial_conversation).toBe(PUBLIC);
    expect(again.blocks.find((b: Json) => b.block_id === 'summary_daily_hour').element.initial_option.value).toBe('7');
    expect(again.blocks.find((b: Json) => b.block_id === 'summary_daily_skip').element.initial_options).toHaveLength(1);
    env.fake.expectNoViolations();
  });

  it('when the chosen channel is private and partnerbot is not in it, then that field says to invite it and nothing is saved', async () => {
    await click();
    const modal = await opened(1);
    const before = await summaries();
    const ack = await submit(modal.private_metadata, form({ weekly: { on: true }, monthly: { on: true, channel: PRIVATE } }));
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors)).toEqual(['summary_monthly_channel']);
    expect(ack.errors.summary_monthly_channel).toContain('/invite @partnerbot to that channel first');
    expect(await summaries()).toEqual(before);
  });

  it('when a member who is not an admin opens or submits the summaries, then it is refused and nothing changes', async () => {
    await click(MEMBER);
    const refusal = await opened(1);
    expect(JSON.stringify(refusal)).toMatch(/admin/i);
    expect(refusal.callback_id).not.toBe('summary_settings');
    const before = await summaries();
    const ack = await submit(JSON.stringify({ connectionId: env.connectionId }), form({ daily: { on: true } }), MEMBER);
    expect(ack.response_action).toBe('errors');
    expect(await summaries()).toEqual(before);
  });
});
