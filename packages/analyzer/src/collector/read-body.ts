// Reads a request body with a hard size limit on both the bytes on the wire and, for gzip, the
// decompressed bytes — a 20 KB gzip bomb must not become 2 GB in memory.
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = 'BodyError';
    this.status = status;
  }
}

/** The body, decompressed, or a BodyError: 413 past `maxBytes`, 415 for an unknown encoding, 400 for bad gzip. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'gzip' && encoding !== 'identity')
    throw new BodyError(415, `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes)
    throw new BodyError(413, `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyError(413, `body exceeds the ${maxBytes}-byte limit`);
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  if (encoding === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyError(413, `decompressed body exceeds the ${maxBytes}-byte limit`);
    throw new BodyError(400, `body is not valid gzip (${(error as Error).message})`);
  }
}
