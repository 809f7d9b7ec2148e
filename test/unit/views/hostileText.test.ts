import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { describeAlert } from '../../../src/alerts/describe.ts';
import { buildAlertMessage } from '../../../src/alerts/views/alertMessage.ts';
import { buildGroupedMessage } from '../../../src/alerts/views/groupedMessage.ts';
import type { AppEvent } from '../../../src/domain/appEvent.ts';
import { matchApp, parseFigureArgs } from '../../../src/figures/figureArgs.ts';
import { buildChurnMessage } from '../../../src/figures/views/churnView.ts';
import { buildMrrMessage } from '../../../src/figures/views/mrrView.ts';
import { buildHelpMessage } from '../../../src/slack/commands/helpView.ts';
import { buildErrorNotice } from '../../../src/slack/notify/healthMessages.ts';
import { surfaceProblems } from './surfaceProblems.ts';

const AT = '2026-03-10T12:00:00.000000Z';
const ev = (e: Partial<AppEvent>): AppEvent => ({
  appId: '1', shopId: '7', shopDomain: 'acme.myshopify.com', shopName: 'Acme', type: 'RELATIONSHIP_INSTALLED', occurredAt: AT,
  chargeId: null, chargeName: null, amount: null, currency: null, test: false, billingOn: null, reason: null, description: null, ...e,
});
const alertOf = (event: AppEvent, history: AppEvent[] = []) => {
  const view = describeAlert({ event, partner: null, history, intervals: new Map(), appName: 'My App' });
  if (!view) throw new Error('no alert');
  return buildAlertMessage(view);
};
const everything = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe('a merchant\'s words cannot stop their own alert (issue 12, point 2)', () => {
  it('when an uninstall description is 1,500 "<", then the alert fits Block Kit and shows the escaped words, cut', () => {
    const message = alertOf(ev({ type: 'RELATIONSHIP_UNINSTALLED', reason: 'Too expensive', description: '<'.repeat(1500) }));
    expect(surfaceProblems(message, 'message')).toEqual([]);
    const words = JSON.stringify(message.blocks.find((b) => JSON.stringify(b).includes('In their words')));
    expect(words).toContain('&lt;&lt;&lt;');
    expect(words).toContain('…');
  });

  it('when a merchant gives 40 long reasons, then the reasons field fits and says how many more there are', () => {
    const reason = Array.from({ length: 40 }, (_, i) => `reason ${i} ${'why'.repeat(45)}`).join(', ');
    const message = alertOf(ev({ type: 'RELATIONSHIP_UNINSTALLED', reason }));
    expect(surfaceProblems(message, 'message')).toEqual([]);
    expect(JSON.stringify(message.blocks)).toMatch(/\*Reasons\*\\n.*, \+\d+ more"/);
  });

  it('when a help request quotes 5,000 characters, then the reply still fits', () => {
    const message = buildHelpMessage('<'.repeat(5000));
    expect(surfaceProblems(message, 'message')).toEqual([]);
  });
});

describe('untrusted text does not act (issue 12, point 3)', () => {
  it('when the Partner API sends the currency code "<@U0ADMIN|x>", then no alert or figure mentions anyone', () => {
    const charge = ev({ type: 'SUBSCRIPTION_CHARGE_ACTIVATED', chargeId: '9', chargeName: 'Pro', amount: new Decimal('49'), currency: '<@U0ADMIN|x>' });
    const alert = alertOf(charge);
    const figures = mrrFigures('<@U0ADMIN|x>');
    for (const message of [alert, figures]) {
      expect(surfaceProblems(message, 'message')).toEqual([]);
      expect(everything(message)).not.toContain('<@');
      expect(everything(message)).toContain('&lt;@U0ADMIN|X&gt;');
    }
  });

  it.each(['<!channel>', '<https://evil|click>', '@here https://evil.example #general'])(
    'when a shop is named %j, then neither its alert, a burst of alerts nor the churn answer mentions or links',
    (name) => {
      const view = describeAlert({ event: ev({ shopName: name, shopDomain: name }), partner: null, history: [], intervals: new Map(), appName: name })!;
      const churn = buildChurnMessage({
        scope: name, windowLabel: 'last 30 days', notes: [],
        figures: {
          installedAtStart: 1, churnedMerchants: 1, merchantChurn: new Decimal(1), closedStores: 0, closureRate: null, payingAtStart: 0, lostPayingMerchants: 0, payingMerchantChurn: null,
          mrr: [], activity: { installs: 0, uninstalls: 1, net: -1, reinstalls: 0, closures: 0, reactivations: 0 },
        },
        reasons: { uninstalls: 1, reasons: [{ reason: name, count: 1 }], descriptions: [{ appId: '1', shopId: '7', shopDomain: name, occurredAt: AT, description: name }] },
      });
      // surfaceProblems also requires `verbatim: true`, so Slack does not auto-link a bare URL, #channel or @here.
      for (const message of [buildAlertMessage(view), buildGroupedMessage(Array.from({ length: 25 }, () => view)), churn]) {
        expect(surfaceProblems(message, 'message')).toEqual([]);
      }
    },
  );

  it('when an unknown event type contains backticks, then it cannot open a code span over our own text', () => {
    const message = alertOf(ev({ type: 'X` *<@U1>* `Y' }));
    const line = JSON.stringify(message.blocks[1]);
    expect(line.match(/`/g)).toHaveLength(2);
    expect(line).not.toContain('<@U1>');
  });

  it('when a user types a mention, a link or a backtick into a figure command, then the error reply quotes it harmlessly', () => {
    const apps = [{ appId: '1', name: '<!here> Upsell' }, { appId: '2', name: 'Reviews' }];
    const now = new Date('2026-03-25T12:00:00Z');
    const errors = [
      matchApp('<@U0ADMIN>', apps),
      parseFigureArgs('since <!channel> `x`', apps, now, 'UTC', 'last 30d'),
      parseFigureArgs('last 30d <https://evil|click>', apps, now, 'UTC', 'last 30d'),
    ].map((result) => (result.ok ? '' : result.error));
    for (const error of errors) {
      expect(error).not.toBe('');
      expect(error).not.toMatch(/[<>]/);
      expect(error).toContain('&lt;');
    }
    expect(errors[0]).toContain('&lt;!here&gt; Upsell');
  });

  it('when the sync error quotes "<!channel>", then the admin\'s DM and its notification text quote it harmlessly', () => {
    const notice = buildErrorNotice({ workspaceId: 'T1', organizationId: '<@U0ADMIN>', userId: 'U1', lastError: 'Partner API said <!channel> & <https://evil|click>', lastErrorCode: null });
    expect(surfaceProblems(notice, 'message')).toEqual([]);
    expect(notice.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil|click&gt;');
    expect(everything(notice)).not.toMatch(/<[@!h]/);
  });
});

function mrrFigures(currency: string) {
  const figures = { currencies: [{ currency, mrr: new Decimal(49), arr: new Decimal(588), payingMerchants: 1, arpu: new Decimal(49) }], payingMerchants: 1, intervalUnknownCharges: 0, unpricedCharges: 0 };
  return buildMrrMessage({ scope: 'All apps', now: figures, before: figures, movements: [], perApp: [{ name: 'A', figures }, { name: 'B', figures }], notes: [] });
}
