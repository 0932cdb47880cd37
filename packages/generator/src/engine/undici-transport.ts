// The transport for https:// targets: undici's Pool with raw `dispatch` and the pooled slot as handler.
import { Pool } from 'undici';
import type { SerializedRequest } from './operation-plans.ts';
import type { RequestSlot } from './request-slot.ts';
import type { Transport } from './types.ts';

export function createUndiciTransport(url: URL, connections: number): Transport {
  const pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 10_000 });

  function send(
    slot: RequestSlot,
    request: SerializedRequest,
    method: string,
    timeoutMs: number,
    traceparent: string,
  ): void {
    const headers = slot.headers;
    headers.length = 2;
    headers[1] = traceparent;
    const extra = request.headers;
    for (let i = 0; i < extra.length; i++) headers.push(extra[i] as string);
    const options = slot.options;
    options.path = request.path;
    options.method = method as 'GET';
    options.body = request.body;
    options.headersTimeout = timeoutMs;
    options.bodyTimeout = timeoutMs;
    pool.dispatch(options, slot);
  }

  async function close(): Promise<void> {
    await pool.destroy().catch(() => {});
  }

  return { send, warm: async () => {}, close };
}
