import type { IncomingMessage } from 'node:http';
import type { Json } from './fakeSlackTypes.ts';

/** Form, JSON and multipart bodies as Slack's clients send them; JSON-in-form fields are parsed. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'files', 'metadata'];

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form, JSON or multipart bodies; JSON-valued form fields are parsed like Slack does. */
export function parseBody(raw: Buffer, contentType = ''): { fields: Json; files: Record<string, Buffer> } {
  const fields: Json = {};
  const files: Record<string, Buffer> = {};
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    return { fields: typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {}, files };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
    for (const part of splitMultipart(raw, boundary?.[1] ?? boundary?.[2] ?? '')) {
      const name = /name="([^"]*)"/.exec(part.headers)?.[1] ?? '';
      if (/filename="/.test(part.headers)) files[name] = part.data;
      else fields[name] = part.data.toString('utf8');
    }
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) fields[key] = value;
  }
  for (const key of JSON_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        fields[key] = JSON.parse(value);
      } catch {
        // Left as a string: the Block Kit checks then report it as not an array/object.
      }
    }
  }
  return { fields, files };
}

function splitMultipart(raw: Buffer, boundary: string): { headers: string; data: Buffer }[] {
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; data: Buffer }[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const end = raw.indexOf(delimiter, start + delimiter.length);
    if (end === -1) break;
    const part = raw.subarray(start + delimiter.length + 2, end - 2); // skip CRLF after delimiter and before next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) parts.push({ headers: part.subarray(0, headerEnd).toString('utf8'), data: part.subarray(headerEnd + 4) });
    start = end;
  }
  return parts;
}

export function tzOffsetSeconds(timeZone: string): number {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
    if (!match) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
  } catch {
    return 0;
  }
}
