/**
 * Pure Block Kit limit checks (the limits Slack documents for Block Kit). Slack has no Block Kit JSON
 * schema; these are the limits our messages and views are most likely to hit. Each problem reads like
 * Slack's own `invalid_blocks` errors: `must be at most 3000 characters [json-pointer:/blocks/0/text/text]`.
 */

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  id: 255,
  viewTitle: 24,
  privateMetadata: 3000,
} as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Slack counts characters, not UTF-16 code units: an emoji is one character. */
const charCount = (text: string): number => Array.from(text).length;

const at = (pointer: string): string => ` [json-pointer:${pointer}]`;

function checkLength(problems: string[], value: unknown, max: number, pointer: string): void {
  if (typeof value === 'string' && charCount(value) > max) {
    problems.push(`must be at most ${max} characters (got ${charCount(value)})${at(pointer)}`);
  }
}

/** Checks `{ text: '...' }` text objects (plain_text or mrkdwn). */
function checkTextObject(problems: string[], value: unknown, max: number, pointer: string): void {
  if (isObject(value)) checkLength(problems, value.text, max, `${pointer}/text`);
}

function checkElement(problems: string[], element: unknown, pointer: string): void {
  if (!isObject(element)) return;
  checkLength(problems, element.action_id, LIMITS.id, `${pointer}/action_id`);
  if (element.type === 'button') checkTextObject(problems, element.text, LIMITS.buttonText, `${pointer}/text`);
}

function checkElementList(problems: string[], elements: unknown, max: number, pointer: string): void {
  if (!Array.isArray(elements)) {
    problems.push(`must provide an array of elements${at(pointer)}`);
    return;
  }
  if (elements.length > max) problems.push(`must have at most ${max} items (got ${elements.length})${at(pointer)}`);
  elements.forEach((element, i) => checkElement(problems, element, `${pointer}/${i}`));
}

function checkBlock(problems: string[], block: unknown, pointer: string): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    problems.push(`must be a block object with a type${at(pointer)}`);
    return;
  }
  checkLength(problems, block.block_id, LIMITS.id, `${pointer}/block_id`);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        problems.push(`must provide either text or fields${at(pointer)}`);
      }
      checkTextObject(problems, block.text, LIMITS.sectionText, `${pointer}/text`);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > LIMITS.sectionFields) {
          problems.push(`must have at most ${LIMITS.sectionFields} items (got ${block.fields.length})${at(`${pointer}/fields`)}`);
        }
        block.fields.forEach((field, i) => checkTextObject(problems, field, LIMITS.fieldText, `${pointer}/fields/${i}`));
      }
      checkElement(problems, block.accessory, `${pointer}/accessory`);
      break;
    case 'header':
      checkTextObject(problems, block.text, LIMITS.headerText, `${pointer}/text`);
      break;
    case 'context':
      checkElementList(problems, block.elements, LIMITS.contextElements, `${pointer}/elements`);
      break;
    case 'actions':
      checkElementList(problems, block.elements, LIMITS.actionsElements, `${pointer}/elements`);
      break;
    case 'input':
      checkElement(problems, block.element, `${pointer}/element`);
      break;
    default:
      break;
  }
}

/** Checks a `blocks` array against a per-surface block count (50 for messages, 100 for views). */
export function checkBlocks(blocks: unknown, maxBlocks: number, pointer = '/blocks'): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) {
    problems.push(`must provide an array of blocks${at(pointer)}`);
    return problems;
  }
  if (blocks.length > maxBlocks) {
    problems.push(`must have at most ${maxBlocks} items (got ${blocks.length})${at(pointer)}`);
  }
  blocks.forEach((block, i) => checkBlock(problems, block, `${pointer}/${i}`));
  return problems;
}

/**
 * Checks a message payload (chat.postMessage, chat.update, chat.postEphemeral, a response_url post).
 * `requireText`: a non-empty top-level `text` fallback must accompany `blocks`.
 */
export function checkMessage(message: Json, options: { requireText?: boolean } = {}): string[] {
  if (message.blocks === undefined) return [];
  const problems = checkBlocks(message.blocks, LIMITS.messageBlocks);
  const { text } = message;
  if ((options.requireText ?? true) && (typeof text !== 'string' || text.trim() === '')) {
    problems.push(`must provide a non-empty text fallback when sending blocks${at('/text')}`);
  }
  return problems;
}

/** Checks a modal or Home tab view (views.open / update / push / publish). */
export function checkView(view: unknown): string[] {
  if (!isObject(view)) return [`must provide a view object${at('/view')}`];
  const problems = checkBlocks(view.blocks, LIMITS.viewBlocks, '/view/blocks');
  if (view.type !== 'modal' && view.type !== 'home') {
    problems.push(`must be "modal" or "home" (got ${JSON.stringify(view.type)})${at('/view/type')}`);
  }
  if (view.type === 'modal' && !isObject(view.title)) problems.push(`must provide a title${at('/view/title')}`);
  for (const key of ['title', 'submit', 'close'] as const) {
    checkTextObject(problems, view[key], LIMITS.viewTitle, `/view/${key}`);
  }
  checkLength(problems, view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata');
  checkLength(problems, view.callback_id, LIMITS.id, '/view/callback_id');
  return problems;
}
