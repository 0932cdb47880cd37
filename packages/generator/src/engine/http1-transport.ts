// The engine's own keep-alive HTTP/1.1 client for http:// targets. Why not undici here: a request through
// undici's Pool costs ~2× the CPU of this path (Request objects, header objects, promises of the
// controller API, WASM parser calls); see BENCHMARKS.md "generator". https:// targets use undici.
import type { Http1Connection as Connection } from './http1-connection.ts';
import { Http1Connection } from './http1-connection.ts';
import type { SerializedRequest } from './operation-plans.ts';
import type { RequestSlot } from './request-slot.ts';
import type { Transport } from './types.ts';

/** Shared read buffer size: 64 KiB, libuv's usual read size, so one read takes what one call can give. */
const READ_BUFFER_BYTES = 64 * 1024;
/** How often in-flight requests are checked against their timeout: the timeout's resolution. */
const SWEEP_MS = 100;

interface Waiting {
  slot: RequestSlot;
  head: string;
  body: Buffer | string | null;
  noBody: boolean;
  deadline: number;
}

/** The request head up to (not including) the traceparent line; cached on static requests. */
function headPrefix(method: string, request: SerializedRequest, host: string): string {
  let head = `${method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\n`;
  const headers = request.headers;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  const body = request.body;
  if (body !== null)
    head += `content-length: ${typeof body === 'string' ? Buffer.byteLength(body) : body.length}\r\n`;
  else if (method === 'POST' || method === 'PUT' || method === 'PATCH') head += 'content-length: 0\r\n';
  return `${head}traceparent: `;
}

export function createHttp1Transport(url: URL, maxConnections: number): Transport {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 80 : Number(url.port);
  const hostHeader = url.host;
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const waiting: Waiting[] = [];
  const prefixes = new WeakMap<SerializedRequest, string>();
  let closed = false;
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

  const owner = {
    reusable: function reusable(connection: Connection): void {
      const next = waiting.shift();
      if (next) connection.send(next.slot, next.head, next.body, next.noBody, next.deadline);
      else idle.push(connection);
    },
    gone: function gone(connection: Connection): void {
      all.delete(connection);
      const at = idle.indexOf(connection);
      if (at !== -1) idle.splice(at, 1);
      const next = closed ? undefined : waiting.shift();
      if (next) open().send(next.slot, next.head, next.body, next.noBody, next.deadline);
    },
  };

  function open(): Connection {
    const connection = new Http1Connection(owner, host, port, readBuffer);
    all.add(connection);
    return connection;
  }

  function send(
    slot: RequestSlot,
    request: SerializedRequest,
    method: string,
    timeoutMs: number,
    traceparent: string,
  ): void {
    // Fixed requests keep their head prefix; a request built for one send is not worth a cache entry.
    let prefix = request.reused ? prefixes.get(request) : undefined;
    if (prefix === undefined) {
      prefix = headPrefix(method, request, hostHeader);
      if (request.reused) prefixes.set(request, prefix);
    }
    const head = `${prefix}${traceparent}\r\n\r\n`;
    // The slot was stamped with the send time just before this call: one clock read per request, not three.
    const now = slot.sentAt;
    const deadline = now + timeoutMs;
    const noBody = method === 'HEAD';
    let connection = idle.pop();
    // Idle connections the server is about to close are retired instead of raced.
    while (connection !== undefined && connection.expiresAt < now) {
      connection.destroy();
      connection = idle.pop();
    }
    connection ??= all.size < maxConnections ? open() : undefined;
    if (connection) connection.send(slot, head, request.body, noBody, deadline);
    else waiting.push({ slot, head, body: request.body, noBody, deadline });
  }

  // One timer for all requests instead of one per request.
  const sweep = setInterval(function sweepTimeouts() {
    const now = performance.now();
    for (const connection of all) if (connection.deadline < now) connection.timeOut();
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i] as Waiting;
      if (w.deadline < now) {
        waiting.splice(i, 1);
        w.slot.onResponseError(null, Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }));
      }
    }
  }, SWEEP_MS);
  sweep.unref();

  /** Opens `count` connections before the clock starts, so the first requests do not pay for connects. */
  async function warm(count: number, timeoutMs = 2000): Promise<void> {
    const opened = Array.from({ length: Math.min(count, maxConnections) }, () => open());
    const deadline = performance.now() + timeoutMs;
    // Polled, not evented: a few checks during at most `timeoutMs`, once per run.
    while (performance.now() < deadline && opened.some((c) => !c.connected && all.has(c)))
      await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async function close(): Promise<void> {
    closed = true;
    clearInterval(sweep);
    for (const connection of [...all]) connection.destroy();
  }

  return { send, warm, close };
}
