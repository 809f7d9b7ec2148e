import { checkMessage, checkView } from '../../helpers/blockKitLimits.ts';

/**
 * Everything Slack or a reader would notice about a message or view built from hostile text, as a
 * list of problems (empty when all is well). On top of test/helpers/blockKitLimits.ts:
 * - plain_text limits that helper does not know (options, confirm dialogs, placeholders, labels);
 * - every mrkdwn text object is `verbatim`, so bare URLs, #channels and @here are never auto-parsed;
 * - no raw `<` or `>` in mrkdwn except partnerbot's own tokens (`allowed`, `<!date^…>`, a quote's `>`), and no
 *   `&` that does not start `&amp;`/`&lt;`/`&gt;` (a cut inside an entity leaves `&am…`);
 * - no lone surrogate anywhere.
 */
export function surfaceProblems(surface: unknown, kind: 'message' | 'view', allowed: readonly string[] = []): string[] {
  const problems = kind === 'view' ? checkView(surface) : checkMessage(surface as Record<string, unknown>);
  if (kind === 'message') {
    const text = (surface as { text?: unknown }).text;
    if (typeof text === 'string') {
      problems.push(...mrkdwnProblems(text, allowed, '/text'));
      if (chars(text) > 3000) problems.push(`fallback text is ${chars(text)} characters, more than 3000 [/text]`);
    }
  }
  walk(surface, '', null, problems, allowed);
  return problems;
}

/** A reply that is only mrkdwn text (an ephemeral `text`). */
export function replyProblems(text: string, allowed: readonly string[] = []): string[] {
  const problems = mrkdwnProblems(text, allowed, '/text');
  if (chars(text) > 3000) problems.push(`reply is ${chars(text)} characters, more than 3000`);
  return problems;
}

const chars = (text: string) => Array.from(text).length;

const PLAIN_MAX: Record<string, number> = {
  option: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  placeholder: 150,
  label: 2000,
  hint: 2000,
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const OUR_DATE = /<!date\^\d+\^\{[^|<>]*\|[^<>]*>/g;

export function mrkdwnProblems(text: string, allowed: readonly string[], pointer: string): string[] {
  // A `>` that starts a line is partnerbot's own quote marker: untrusted text is made one line.
  let rest = text.replace(OUR_DATE, '').replace(/^>/gm, '');
  for (const token of allowed) rest = rest.split(token).join('');
  const problems: string[] = [];
  if (/[<>]/.test(rest)) problems.push(`raw < or > that is not partnerbot's own [${pointer}]: ${JSON.stringify(excerpt(rest, /[<>]/))}`);
  if (/&(?!amp;|lt;|gt;)/.test(rest)) problems.push(`& that starts no entity [${pointer}]: ${JSON.stringify(excerpt(rest, /&(?!amp;|lt;|gt;)/))}`);
  return problems;
}

function excerpt(text: string, at: RegExp): string {
  const i = text.search(at);
  return text.slice(Math.max(0, i - 20), i + 20);
}

function plainLimit(key: string, parent: string | null): number | null {
  if (parent === 'confirm') return key === 'title' ? PLAIN_MAX.confirmTitle! : key === 'text' ? PLAIN_MAX.confirmText! : PLAIN_MAX.confirmButton!;
  if (parent === 'option') return PLAIN_MAX.option!;
  return PLAIN_MAX[key] ?? null;
}

function walk(value: unknown, pointer: string, parent: string | null, problems: string[], allowed: readonly string[]): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) problems.push(`lone surrogate [${pointer}]`);
    return;
  }
  if (Array.isArray(value)) {
    const isOptions = /\/(options|initial_options)$/.test(pointer);
    value.forEach((item, i) => walk(item, `${pointer}/${i}`, isOptions ? 'option' : parent, problems, allowed));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Record<string, unknown>;
  if ((object.type === 'mrkdwn' || object.type === 'plain_text') && typeof object.text === 'string') {
    const length = chars(object.text);
    if (length < 1 || length > 3000) problems.push(`text object of ${length} characters [${pointer}]`);
    if (object.type === 'mrkdwn') {
      if (object.verbatim !== true) problems.push(`mrkdwn without verbatim: true [${pointer}]`);
      problems.push(...mrkdwnProblems(object.text, allowed, pointer));
    }
  }
  for (const [key, child] of Object.entries(object)) {
    const childPointer = `${pointer}/${key}`;
    if (isPlain(child)) {
      const max = plainLimit(key, parent);
      if (max !== null && chars(child.text) > max) problems.push(`plain_text over ${max} characters [${childPointer}]`);
    }
    const nextParent = key === 'confirm' ? 'confirm' : key === 'initial_option' ? 'option' : parent === 'option' ? 'option' : parent === 'confirm' ? 'confirm' : null;
    walk(child, childPointer, nextParent, problems, allowed);
  }
}

function isPlain(value: unknown): value is { type: 'plain_text'; text: string } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'plain_text' && typeof (value as { text?: unknown }).text === 'string';
}
