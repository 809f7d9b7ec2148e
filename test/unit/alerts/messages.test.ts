import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { describeAlert } from '../../../src/alerts/describe.ts';
import { ALERT_KINDS } from '../../../src/alerts/kinds.ts';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import { buildAlertMessage } from '../../../src/alerts/views/alertMessage.ts';
import { buildGroupedMessage } from '../../../src/alerts/views/groupedMessage.ts';
import { buildAlertSettingsModal, parseAlertSettings } from '../../../src/slack/alerts/settingsModal.ts';
import { checkMessage, checkView } from '../../helpers/blockKitLimits.ts';

const AT = '2026-03-10T12:00:00.000000Z';
const ev = (e: Partial<AppEvent>): AppEvent => ({
  appId: '1', shopId: '7', shopDomain: 'acme.myshopify.com', shopName: 'Acme', type: 'RELATIONSHIP_INSTALLED', occurredAt: AT,
  chargeId: null, chargeName: null, amount: null, currency: null, test: false, billingOn: null, reason: null, description: null, ...e,
});
const charge = (type: string, name: string, amount: string, id = '42', extra: Partial<AppEvent> = {}) =>
  ev({ type, chargeId: id, chargeName: name, amount: new Decimal(amount), currency: 'USD', ...extra });
const render = (event: AppEvent, opts: { partner?: AppEvent; history?: AppEvent[]; intervals?: Map<string, string> } = {}) => {
  const view = describeAlert({ event, partner: opts.partner ?? null, history: opts.history ?? [], intervals: opts.intervals ?? new Map(), appName: 'My App' });
  if (!view) throw new Error('no alert');
  const message = buildAlertMessage(view);
  expect(checkMessage(message as unknown as Record<string, unknown>)).toEqual([]);
  return message;
};

describe('alert messages', () => {
  const table: [string, AppEvent, RegExp][] = [
    ['install', ev({}), /^New install: \*Acme\* \(acme\.myshopify\.com\) installed My App/],
    ['store closed', ev({ type: 'RELATIONSHIP_DEACTIVATED' }), /^Store closed: Shopify closed/],
    ['store reopened', ev({ type: 'RELATIONSHIP_REACTIVATED' }), /^Store reopened/],
    ['new subscription', charge('SUBSCRIPTION_CHARGE_ACTIVATED', 'Pro', '49'), /^New subscription: .* subscribed to Pro \$49\.00\/month/],
    ['cancellation', charge('SUBSCRIPTION_CHARGE_CANCELED', 'Pro', '49'), /^Subscription canceled: .*canceled Pro \$49\.00\/month/],
    ['freeze', charge('SUBSCRIPTION_CHARGE_FROZEN', 'Pro', '49'), /^Subscription frozen/],
    ['unfreeze', charge('SUBSCRIPTION_CHARGE_UNFROZEN', 'Pro', '49'), /^Subscription unfrozen/],
    ['one-time charge', charge('ONE_TIME_CHARGE_ACTIVATED', 'Setup fee', '150'), /^One-time charge: .* paid \$150\.00 for Setup fee/],
    ['usage cap', charge('SUBSCRIPTION_APPROACHING_CAPPED_AMOUNT', 'Usage', '1000'), /^Usage cap approaching: .*cap of \$1,000\.00/],
    ['credit', charge('CREDIT_APPLIED', '', '5'), /^Credit applied: A credit of \$5\.00/],
    ['unknown type', ev({ type: 'APP_SOMETHING_NEW' }), /^Shopify event: .*`APP_SOMETHING_NEW`/],
  ];
  it.each(table)('when the event is a %s, then the message says so within Block Kit limits', (_name, event, text) => {
    expect(render(event).text).toMatch(text);
  });

  it('when a shop installs again, then it is a reinstall', () => {
    const history = [ev({ occurredAt: '2026-01-01T00:00:00.000000Z' }), ev({ type: 'RELATIONSHIP_UNINSTALLED', occurredAt: '2026-02-01T00:00:00.000000Z' })];
    expect(render(ev({}), { history }).text).toMatch(/^Reinstall: .* reinstalled My App/);
  });

  it('when a paying shop uninstalls, then reasons, description, tenure and MRR lost (annual /12) are shown, merchant text escaped', () => {
    const history = [
      ev({ occurredAt: '2025-12-10T12:00:00.000000Z' }),
      charge('SUBSCRIPTION_CHARGE_ACTIVATED', 'Yearly', '1200', '9', { occurredAt: '2025-12-10T12:05:00.000000Z' }),
    ];
    const message = render(ev({ type: 'RELATIONSHIP_UNINSTALLED', reason: 'Too expensive, <script>', description: 'a & b > c' }), { history, intervals: new Map([['9', 'ANNUAL']]) });
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('Too expensive, &lt;script&gt;');
    expect(blocks).toContain('a &amp; b &gt; c');
    expect(blocks).toContain('$100.00/month');
    expect(blocks).toContain('3 months');
  });

  it('when a plan change pairs two events, then it reads "Basic → Pro" and says upgrade', () => {
    const canceled = charge('SUBSCRIPTION_CHARGE_CANCELED', 'Basic', '19', '1');
    const activated = charge('SUBSCRIPTION_CHARGE_ACTIVATED', 'Pro', '49', '2');
    expect(render(canceled, { partner: activated }).text).toBe('Plan change: upgrade: *Acme* (acme.myshopify.com) changed plan: Basic $19.00/month → Pro $49.00/month');
  });

  it('when a charge is a test, then the message is marked as a test', () => {
    const message = render(charge('ONE_TIME_CHARGE_ACTIVATED', 'Setup', '1', '3', { test: true }));
    expect(message.text).toMatch(/^One-time charge \[TEST\]/);
    expect(JSON.stringify(message.blocks)).toContain('Test charge');
  });

  it('when 200 alerts with very long merchant names are grouped, then the message stays within the limits', () => {
    const views = Array.from({ length: 200 }, (_, i) =>
      describeAlert({ event: ev({ shopName: `${'<&>'.repeat(300)} ${i}` }), partner: null, history: [], intervals: new Map(), appName: 'My App' })!,
    );
    const message = buildGroupedMessage(views);
    expect(checkMessage(message as unknown as Record<string, unknown>)).toEqual([]);
    expect(message.text).toMatch(/^200 new events: 200 × New install/);
  });

  it('when a type never alerts, then there is no message', () => {
    expect(describeAlert({ event: ev({ type: 'USAGE_CHARGE_APPLIED' }), partner: null, history: [], intervals: new Map(), appName: 'x' })).toBeNull();
  });
});

describe('alert settings modal', () => {
  it('when built from settings, then it fits the limits and a submission round-trips the choices', () => {
    const view = buildAlertSettingsModal(5, 'C1', { disabledKinds: ['install', 'other'], hideTestCharges: true });
    expect(checkView(view)).toEqual([]);
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      if (block.type !== 'input') continue;
      const element = (block as unknown as { element: { action_id: string; initial_options?: unknown; initial_option?: unknown } }).element;
      values[block.block_id!] = { [element.action_id]: { selected_options: element.initial_options ?? [], selected_option: element.initial_option } };
    }
    const parsed = parseAlertSettings(values as never);
    expect(parsed).toEqual({ disabledKinds: ['install', 'other'], hideTestCharges: true });
    expect(ALERT_KINDS.length).toBe(13);
  });
});
