import { describe, expect, it } from 'vitest';
import { channelLink, cutMrkdwn, escapeMrkdwn, merchantText, mrkdwnList, slackDate, userMention } from '../../../src/slackApi/mrkdwn.ts';
import { plainLine } from '../../../src/slackApi/plainText.ts';
import { charLength, cutText } from '../../../src/slackApi/textCut.ts';

describe('escapeMrkdwn', () => {
  it.each([
    ['<@U1> & <!here>', '&lt;@U1&gt; &amp; &lt;!here&gt;'],
    ['<https://evil|click>', '&lt;https://evil|click&gt;'],
    ['a `code` b ```block```', 'a ˋcodeˋ b ˋˋˋblockˋˋˋ'],
    ['*bold* _it_ ~gone~', '∗bold∗ ˍitˍ ∼gone∼'],
    ['snake_case 2*3 a~b', 'snake_case 2*3 a~b'],
    ['right\u202Eleft\u2066x\u2069', 'rightleftx'],
    ['lone \uD83D surrogate', 'lone \uFFFD surrogate'],
  ])('when merchant text is %j, then it shows as %j and cannot act', (input, shown) => {
    expect(escapeMrkdwn(input)).toBe(shown);
  });
});

describe('merchantText: escaped first, then cut', () => {
  it('when 1,500 "<" are cut to 100 characters, then at most 100 characters of whole entities end with "…"', () => {
    const text = merchantText('<'.repeat(1500), 100);
    expect(charLength(text)).toBeLessThanOrEqual(100);
    expect(text).toBe(`${'&lt;'.repeat(24)}…`);
  });

  it.each([
    ['&&&&&&', 9, '&amp;…'],
    ['ab&', 7, 'ab&amp;'],
    ['abcd&', 8, 'abcd…'],
  ])('when %j is cut to %i characters, then no entity is split: %j', (input, max, cut) => {
    expect(merchantText(input, max)).toBe(cut);
  });

  it('when line breaks and runs of spaces come in, then they become one line', () => {
    expect(merchantText('a\n\n> quote\r\n\tb', 100)).toBe('a &gt; quote b');
  });
});

describe('cutting counts characters as Slack does and never splits one', () => {
  it('when emoji are cut, then no surrogate pair is split and the length is in code points', () => {
    const cut = cutText('😀'.repeat(10), 5);
    expect(cut).toBe('😀😀😀😀…');
    expect(charLength(cut)).toBe(5);
  });

  it('when a family emoji (a ZWJ sequence) would be cut, then it is left out whole', () => {
    expect(cutText(`ab👨‍👩‍👧‍👦cd`, 5)).toBe('ab…');
  });

  it('when a letter carries combining marks, then the cut does not separate them', () => {
    expect(cutText('xe\u0301\u0302yz', 3)).toBe('x…');
  });

  it('when one character carries thousands of combining marks, then the cut keeps its first code points', () => {
    const cut = cutText(`e${'\u0301'.repeat(5000)}`, 10);
    expect(charLength(cut)).toBe(10);
    expect(cut.startsWith('e\u0301')).toBe(true);
  });

  it('when built mrkdwn with our tokens is cut, then a <#C1> or <!date…> token stays whole or goes', () => {
    expect(cutMrkdwn('abc <#C123456> def', 8)).toBe('abc …');
    expect(cutMrkdwn('abc <#C123456> def', 16)).toBe('abc <#C123456> …');
  });

  it('when plain text is cut for a modal title, then it is one line of at most 24 characters', () => {
    const title = plainLine('Connect\nShopify Partner organization now', 24);
    expect(title).toBe('Connect Shopify Partner…');
    expect(charLength(title)).toBe(24);
  });
});

describe('mrkdwnList', () => {
  it('when 40 reasons do not fit, then as many as fit are listed and "+N more" counts the rest', () => {
    const reasons = Array.from({ length: 40 }, (_, i) => `reason ${i} ${'y'.repeat(100)}`);
    const list = mrkdwnList(reasons, 500);
    expect(charLength(list)).toBeLessThanOrEqual(500);
    expect(list).toMatch(/, \+36 more$/);
  });

  it('when everything fits, then nothing is counted', () => {
    expect(mrkdwnList(['a', 'b'], 10)).toBe('a, b');
  });

  it('when more items are given than may be listed, then the rest are counted', () => {
    expect(mrkdwnList(['a', 'b', 'c'], 100, { maxItems: 2, separator: '\n' })).toBe('a\nb\n+1 more');
  });

  it('when the first item alone is too long, then it is cut and the rest counted', () => {
    const list = mrkdwnList(['x'.repeat(100), 'y'], 20);
    expect(charLength(list)).toBeLessThanOrEqual(20);
    expect(list).toMatch(/^x+…, \+1 more$/);
  });
});

describe('Slack tokens of our own', () => {
  it('when an id is a Slack id, then it links; otherwise it shows as escaped text', () => {
    expect(channelLink('C0123')).toBe('<#C0123>');
    expect(channelLink('C1>|<!here')).toBe('C1&gt;|&lt;!here');
    expect(userMention('U0ADMIN')).toBe('<@U0ADMIN>');
    expect(userMention('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('when a date is an ISO instant, then it is a date token with an escaped fallback; otherwise plain escaped text', () => {
    expect(slackDate('2026-03-10T12:00:00Z', '{date}', '<b>')).toBe('<!date^1773144000^{date}|&lt;b&gt;>');
    expect(slackDate('&#60;', '{date}')).toBe('&amp;#60;');
  });
});
