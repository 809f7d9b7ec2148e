/**
 * A strict reader for the small XML subset our SVG uses (elements, quoted attributes, text, the five
 * named entities and numeric references). Throws on anything not well-formed, so a test that parses
 * the chart proves it is well-formed; the returned tree lets tests query it.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`Not well-formed XML at ${pos}: ${why}: ${JSON.stringify(source.slice(pos, pos + 40))}`);
  };
  const decode = (raw: string): string => {
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '<') fail('"<" in text or attribute');
      if (raw[i] !== '&') {
        out += raw[i];
        continue;
      }
      const m = ENTITY.exec(raw.slice(i)) ?? fail('bare "&"');
      const ref = m[1]!;
      out += ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : NAMED[ref]!;
      i += m[0].length - 1;
    }
    return out;
  };
  const skipSpace = () => {
    while (/\s/.test(source[pos] ?? '')) pos++;
  };
  const element = (): XmlElement => {
    if (source[pos] !== '<') fail('expected "<"');
    pos++;
    const name = NAME.exec(source.slice(pos))?.[0] ?? fail('expected element name');
    pos += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (source[pos] === '>') break;
      if (pos === before) fail('expected space before attribute');
      const attr = NAME.exec(source.slice(pos))?.[0] ?? fail('expected attribute name');
      pos += attr.length;
      if (source[pos] !== '=' || (source[pos + 1] !== '"' && source[pos + 1] !== "'")) fail('expected ="..."');
      const quote = source[pos + 1]!;
      const end = source.indexOf(quote, pos + 2);
      if (end < 0) fail('unterminated attribute');
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      el.attrs[attr] = decode(source.slice(pos + 2, end));
      pos = end + 1;
    }
    pos++;
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${name}>`);
      el.text += decode(source.slice(pos, next));
      pos = next;
      if (source.startsWith('</', pos)) {
        const close = `</${name}>`;
        if (!source.startsWith(close, pos)) fail(`expected ${close}`);
        pos += close.length;
        return el;
      }
      el.children.push(element());
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

/** Every element below `root` (depth first) with the given name. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  return root.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}

export function hasClass(el: XmlElement, cls: string): boolean {
  return (el.attrs.class ?? '').split(' ').includes(cls);
}
