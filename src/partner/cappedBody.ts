import { AppError } from '../errors.ts';

/** Default cap on one Partner API answer: a full page of 100 events is well under 1 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Thrown by `readCapped` when the body passes the cap; the transport turns it into a PartnerApiError. */
export class ResponseTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super('partner_transient', `the answer was larger than ${describeBytes(maxBytes)}`);
    this.name = 'ResponseTooLargeError';
  }
}

export function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

// Statuses whose Response must be built without a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The same response with its body read into memory, reading chunk by chunk and cancelling the stream
 * (which closes the connection) as soon as more than `maxBytes` arrived, so at most the cap plus one
 * chunk is ever held. A Content-Length above the cap is refused before reading anything.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<Response> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes);
  }
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (!response.body || NULL_BODY.has(response.status)) return new Response(null, init);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new Response(Buffer.concat(chunks), init);
}
