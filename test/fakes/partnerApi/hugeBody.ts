import type { ServerResponse } from 'node:http';

/** A `huge` fault: HTTP 200 with a valid JSON body of `bytes` bytes (a giant app name), streamed. */
export interface HugeBodyFault {
  kind: 'huge';
  bytes: number;
  /** Send Content-Length up front (default: chunked, so only reading tells the size). */
  declareLength?: boolean;
  /** Called once the stream stops: bytes written, and whether the whole body went out. */
  onDone?: (sent: number, complete: boolean) => void;
  operation?: string;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/**
 * Writes the body in 64 KiB chunks, waiting for the socket to drain, and stops as soon as the client
 * goes away, so a test never holds the whole body in memory on either side unless the client reads it.
 */
export async function streamHugeBody(res: ServerResponse, fault: HugeBodyFault, version: string): Promise<void> {
  const head = Buffer.from('{"data":{"app":{"id":"gid://partners/App/111","apiKey":"k","name":"');
  const tail = Buffer.from('"}}}');
  const filler = Math.max(0, fault.bytes - head.length - tail.length);
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'x-shopify-api-version': version };
  if (fault.declareLength) headers['content-length'] = head.length + filler + tail.length;
  res.writeHead(200, headers);
  let closed = false;
  res.on('close', () => (closed = true));
  let sent = 0;
  const write = async (chunk: Buffer) => {
    sent += chunk.length;
    if (res.write(chunk) || closed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  await write(head);
  for (let left = filler; left > 0 && !closed; left -= CHUNK.length) await write(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left));
  if (!closed) {
    await write(tail);
    res.end();
  }
  fault.onDone?.(sent, !closed);
}
