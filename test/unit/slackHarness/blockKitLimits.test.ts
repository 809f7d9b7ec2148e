import { describe, expect, it } from 'vitest';
import { checkBlocks, checkMessage, checkView, LIMITS } from '../../helpers/blockKitLimits.ts';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, action_id = 'a') => ({ type: 'button', text: { type: 'plain_text', text }, action_id });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Connect' },
  blocks: [section('hi')],
  ...extra,
});

describe('checkMessage', () => {
  it('when a message is within every limit then there are no problems', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      section('s'.repeat(3000)),
      { type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2000) })) },
      { type: 'context', elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      { type: 'actions', block_id: 'b'.repeat(255), elements: Array.from({ length: 25 }, (_, i) => button('x'.repeat(75), `a${i}`)) },
      ...Array.from({ length: 45 }, () => ({ type: 'divider' })),
    ];
    expect(blocks).toHaveLength(50);
    expect(checkMessage({ text: 'fallback', blocks })).toEqual([]);
  });

  it.each([
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, '/blocks'],
    ['section text 3001', { blocks: [section('s'.repeat(3001))] }, '/blocks/0/text/text'],
    ['11 fields', { blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] }, '/blocks/0/fields'],
    ['field text 2001', { blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }] }, '/blocks/0/fields/0/text'],
    ['header 151', { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }, '/blocks/0/text/text'],
    ['context 11 elements', { blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] }, '/blocks/0/elements'],
    ['actions 26 elements', { blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', `a${i}`)) }] }, '/blocks/0/elements'],
    ['button text 76', { blocks: [{ type: 'actions', elements: [button('b'.repeat(76))] }] }, '/blocks/0/elements/0/text/text'],
    ['accessory action_id 256', { blocks: [{ ...section('s'), accessory: button('b', 'a'.repeat(256)) }] }, '/blocks/0/accessory/action_id'],
    ['block_id 256', { blocks: [{ type: 'divider', block_id: 'b'.repeat(256) }] }, '/blocks/0/block_id'],
    ['section with neither text nor fields', { blocks: [{ type: 'section' }] }, '/blocks/0'],
    ['blocks not an array', { blocks: '[not json' }, '/blocks'],
  ])('when %s then it names the offending pointer', (_name, message, pointer) => {
    const problems = checkMessage({ text: 'fallback', ...message });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`[json-pointer:${pointer}]`);
  });

  it('when blocks are sent without a text fallback then it is a problem, unless not required', () => {
    expect(checkMessage({ blocks: [section('s')] })).toEqual([expect.stringContaining('text fallback')]);
    expect(checkMessage({ text: '  ', blocks: [section('s')] })).toHaveLength(1);
    expect(checkMessage({ blocks: [section('s')] }, { requireText: false })).toEqual([]);
  });

  it('when there are no blocks then plain text needs no checks', () => {
    expect(checkMessage({ text: 'hello' })).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkMessage({ text: 't', blocks: [section('😀'.repeat(3000))] })).toEqual([]);
  });
});

describe('checkView', () => {
  it('when a modal is within limits then there are no problems', () => {
    const view = modal({
      title: { type: 'plain_text', text: 't'.repeat(24) },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
      private_metadata: 'm'.repeat(3000),
      blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })),
    });
    expect(checkView(view)).toEqual([]);
  });

  it.each([
    ['title 25', modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }), '/view/title/text'],
    ['submit 25', modal({ submit: { type: 'plain_text', text: 's'.repeat(25) } }), '/view/submit/text'],
    ['close 25', modal({ close: { type: 'plain_text', text: 'c'.repeat(25) } }), '/view/close/text'],
    ['private_metadata 3001', modal({ private_metadata: 'm'.repeat(3001) }), '/view/private_metadata'],
    ['101 blocks', modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), '/view/blocks'],
    ['input action_id 256', modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'a'.repeat(256) } }] }), '/view/blocks/0/element/action_id'],
    ['modal without title', { type: 'modal', blocks: [] }, '/view/title'],
    ['unknown type', { type: 'page', blocks: [] }, '/view/type'],
  ])('when %s then it names the offending pointer', (_name, view, pointer) => {
    const problems = checkView(view);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`[json-pointer:${pointer}]`);
  });

  it('a Home tab needs no title and allows 100 blocks', () => {
    expect(checkView({ type: 'home', blocks: Array.from({ length: 100 }, () => section('x')) })).toEqual([]);
  });
});

describe('checkBlocks', () => {
  it('uses the given block count limit', () => {
    const blocks = Array.from({ length: LIMITS.messageBlocks + 1 }, () => ({ type: 'divider' }));
    expect(checkBlocks(blocks, LIMITS.viewBlocks)).toEqual([]);
    expect(checkBlocks(blocks, LIMITS.messageBlocks)).toHaveLength(1);
  });
});
