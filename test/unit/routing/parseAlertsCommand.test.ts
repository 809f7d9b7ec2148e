import { describe, expect, it } from 'vitest';
import { parseAlertsCommand } from '../../../src/slack/commands/alerts/parseAlertsCommand.ts';
import { formatRouteLine } from '../../../src/slack/alerts/routeLine.ts';
import { routeListReply } from '../../../src/slack/commands/alerts/alertsReplies.ts';
import { replyProblems } from '../views/surfaceProblems.ts';

const draft = { scope: 'all', kinds: [], app: null, paying: false, min: null, mention: null };

describe('parseAlertsCommand', () => {
  it.each([
    ['', { kind: 'list' }],
    ['list', { kind: 'list' }],
    ['kinds', { kind: 'kinds' }],
    ['remove 2', { kind: 'remove', position: 2 }],
    ['test <#C0123|alerts>', { kind: 'test', channel: { id: 'C0123' } }],
    ['test #revenue', { kind: 'test', channel: { name: 'revenue' } }],
  ])('when the text is %j, then it is %j', (text, expected) => {
    expect(parseAlertsCommand(text)).toEqual(expected);
  });

  it.each([
    ['add installs to <#C0123|installs>', { ...draft, scope: 'installs', channel: { id: 'C0123' } }],
    ['add billing to #revenue paying min 50', { ...draft, scope: 'billing', channel: { name: 'revenue' }, paying: true, min: { amount: '50', currency: null } }],
    ['add billing to #revenue min 49.50 eur', { ...draft, scope: 'billing', channel: { name: 'revenue' }, min: { amount: '49.50', currency: 'EUR' } }],
    ['add billing to #revenue min $20', { ...draft, scope: 'billing', channel: { name: 'revenue' }, min: { amount: '20', currency: 'USD' } }],
    ['add uninstall, install to #x', { ...draft, scope: 'kinds', kinds: ['install', 'uninstall'], channel: { name: 'x' } }],
    ['add all for Add to Cart Pro to #carts mention <!subteam^S123|@sales>', { ...draft, app: 'Add to Cart Pro', channel: { name: 'carts' }, mention: '<!subteam^S123>' }],
    ['add all for 4242 to <#C9> mention <@U77|jane doe>', { ...draft, app: '4242', channel: { id: 'C9' }, mention: '<@U77>' }],
    ['add ALL to #x mention @here', { ...draft, channel: { name: 'x' }, mention: '<!here>' }],
    ['add all to #x mention @channel paying', { ...draft, channel: { name: 'x' }, mention: '<!channel>', paying: true }],
  ])('when adding with %j, then the rule is read', (text, expected) => {
    expect(parseAlertsCommand(text)).toEqual({ kind: 'add', draft: expected });
  });

  it.each([
    ['add instal to #x', /Unknown alert kind `instal`.*install, uninstall, store_closed/],
    ['add installs #x', /Say where the alerts go with `to #channel`/],
    ['add installs', /`to #channel`/],
    ['add installs to nowhere', /After `to`, name a channel/],
    ['add installs to #x min lots', /After `min`, give an amount such as `min 50`.*`lots`/],
    ['add installs to #x min', /After `min`, give an amount/],
    ['add installs to #x min -5', /give an amount/],
    ['add installs to #x mention bob', /After `mention`, name a person/],
    ['add installs to #x loudly', /`loudly` is not a rule option/],
    ['add to #x', /Say which alerts/],
    ['add installs for to #x', /After `for`, name a tracked app/],
    ['remove', /Say which rule to remove/],
    ['remove 0', /Say which rule to remove/],
    ['remove two', /Say which rule to remove/],
    ['test', /Name the channel/],
    ['frobnicate', /`frobnicate` is not an alerts command/],
  ])('when the text is %j, then a specific message says what is wrong', (text, message) => {
    const parsed = parseAlertsCommand(text);
    expect(parsed.kind).toBe('error');
    expect((parsed as { message: string }).message).toMatch(message);
  });

  it('when hostile text is echoed back, then it cannot mention, link or break the reply', () => {
    for (const text of ['<!channel> *x*', 'add <!here> to #x', 'add all to #x mention <!everyone>', 'add all to #x min <http://evil|1>', 'test <@U1>', '`&lt;']) {
      const parsed = parseAlertsCommand(text);
      expect(parsed.kind).toBe('error');
      expect(replyProblems((parsed as { message: string }).message)).toEqual([]);
    }
  });

  it('when the arguments are 4,000 characters of worst cases, then each parse stays fast (linear)', () => {
    const cases = [
      `add ${'<'.repeat(4000)}`,
      `add ${'<a '.repeat(1333)}`,
      `add all for ${'to '.repeat(1330)}`,
      `add ${'install,'.repeat(500)} to #x`,
      `add all to #x ${'paying '.repeat(570)}`,
      `add all to #${'a'.repeat(4000)}`,
      `test <#${'C'.repeat(3990)}|`,
      `add all to #x min ${'9'.repeat(3990)}`,
    ];
    for (const text of cases) {
      const started = performance.now();
      const parsed = parseAlertsCommand(text);
      expect(performance.now() - started).toBeLessThan(50);
      if (parsed.kind === 'error') expect(replyProblems(parsed.message)).toEqual([]);
    }
  });
});

describe('formatRouteLine', () => {
  const apps = [{ appId: '4242', name: 'Upsell <Pro> & *More*' }];
  const base = { position: 1, scope: 'all' as const, kinds: [], appId: null, channelId: 'C0ALERTS', paying: false, min: null, mention: null };

  it('when a rule has every part, then it reads as the contract says, with the app name escaped', () => {
    const line = formatRouteLine({ ...base, position: 3, scope: 'billing', appId: '4242', paying: true, min: { amount: '1250', currency: 'EUR' }, mention: '<@U0ADMIN>' }, apps);
    expect(line).toBe('3. billing for Upsell &lt;Pro&gt; &amp; ∗More∗ → <#C0ALERTS> paying min 1,250.00 EUR mention <@U0ADMIN>');
  });

  it.each([
    [{ scope: 'kinds', kinds: ['install', 'uninstall'] }, '1. install,uninstall → <#C0ALERTS>'],
    [{ min: { amount: '50', currency: 'USD' }, mention: '<!here>' }, '1. all → <#C0ALERTS> min $50.00 mention @here'],
    [{ min: { amount: '50', currency: null }, mention: '<!subteam^S1>' }, '1. all → <#C0ALERTS> min 50.00 mention <!subteam^S1>'],
    [{ appId: '999', mention: '<!channel>' }, '1. all for app 999 (no longer tracked) → <#C0ALERTS> mention @channel'],
  ])('when the rule is %j, then the line is %j', (parts, expected) => {
    expect(formatRouteLine({ ...base, ...(parts as object) }, apps)).toBe(expected);
  });

  it('when there are no rules, then the list says no alerts are posted and how to add one', () => {
    expect(routeListReply([], apps)).toMatch(/No alert routing rules: no alerts are posted/);
  });
});
