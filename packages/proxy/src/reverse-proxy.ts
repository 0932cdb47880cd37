// The tracing reverse proxy: node:http in, an undici pool out, one SERVER span record per request.
// It forwards only to its configured target (absolute-form URIs naming another host are refused),
// streams bodies both ways, and bounds what a client can hold: body size, header and idle timeouts,
// and a connection cap.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Duplex, Readable } from 'node:stream';
import { RuntimeFailure } from '@loadlens/types';
import { Pool } from 'undici';
import { forwardHeaders } from './request-headers.ts';
import { ProxySpanRecord } from './span-record.ts';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-ids.ts';
import { tunnelUpgrade } from './upgrade-tunnel.ts';
import { type SpanSink, UpstreamExchange } from './upstream-exchange.ts';

export interface ReverseProxyOptions {
  /** The one upstream, `http://host:port`. */
  target: URL;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Share of new traces to sample (parent-based: an incoming traceparent's flag wins). */
  sampleRatio: number;
  maxBodyBytes: number;
  /** Time a client has to send complete request headers. */
  headerTimeoutMs: number;
  /** Idle time after which a client or upstream connection is closed. */
  idleTimeoutMs: number;
  /** Time the upstream has to start answering before the client gets a 504. */
  upstreamTimeoutMs: number;
  /** Client connections held at once; beyond it new connections are closed at once. */
  maxConnections: number;
  /** Route template of a path (without query). */
  routeOf: (path: string) => string;
  onSpan: SpanSink;
}

export interface ReverseProxy {
  url: string;
  port: number;
  /** Requests being served right now. */
  inFlight(): number;
  /** Stops accepting, lets in-flight requests finish (bounded by `graceMs`), then closes the pool. */
  close(graceMs: number): Promise<void>;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function reject(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`${message}\n`);
}

/** Starts the proxy listening; resolves once it accepts connections. */
export async function startReverseProxy(options: ReverseProxyOptions): Promise<ReverseProxy> {
  const { target, maxBodyBytes, sampleRatio, routeOf, onSpan } = options;
  const targetHost = target.host;
  const origin = target.origin;
  const pool = new Pool(origin, {
    headersTimeout: options.upstreamTimeoutMs,
    bodyTimeout: options.idleTimeoutMs,
    keepAliveTimeout: 4_000, // below Node's default server keepAliveTimeout (5 s) so the upstream never closes first
  });
  let active = 0;

  function finished(span: ProxySpanRecord): void {
    active -= 1;
    onSpan(span);
  }

  /** The path to forward, or undefined when an absolute-form URI names a host that is not the target. */
  function originPath(url: string): string | undefined {
    if (url.charCodeAt(0) === 47 /* '/' */) return url;
    if (!url.startsWith('http://') && !url.startsWith('https://')) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.host !== targetHost && parsed.host !== listenHost) return undefined;
    return parsed.pathname + parsed.search;
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const startMs = now();
    const url = originPath(req.url ?? '');
    if (url === undefined) {
      reject(res, 400, 'bad request: this proxy only forwards to its configured target');
      return;
    }
    const forwarded = forwardHeaders(req.rawHeaders);
    if (forwarded.contentLength > maxBodyBytes) {
      req.resume();
      reject(res, 413, `request body over the ${maxBodyBytes}-byte limit`);
      return;
    }
    const span = new ProxySpanRecord();
    span.startMs = startMs;
    span.method = req.method ?? 'GET';
    const q = url.indexOf('?');
    span.path = q === -1 ? url : url.slice(0, q);
    span.route = routeOf(span.path);
    span.name = `${span.method} ${span.route}`;
    const parent = parseTraceparent(forwarded.traceparent);
    if (parent !== undefined) {
      span.traceId = parent.traceId;
      span.parentSpanId = parent.spanId;
      span.sampled = parent.sampled;
    } else {
      span.traceId = newTraceId();
      span.sampled = sampleRatio >= 1 || Math.random() < sampleRatio;
    }
    span.spanId = newSpanId();
    forwarded.headers.push('traceparent', formatTraceparent(span.traceId, span.spanId, span.sampled));
    let body: Readable | null = null;
    if (forwarded.chunked) body = Readable.from(limitedBody(req, span, maxBodyBytes), { objectMode: false });
    else if (forwarded.contentLength > 0) {
      span.requestBytes = forwarded.contentLength;
      body = req;
    }
    active += 1;
    const exchange = new UpstreamExchange(req, res, span, finished);
    span.dispatchMs = now();
    pool.dispatch(
      { origin, path: url, method: span.method as 'GET', headers: forwarded.headers, body },
      exchange,
    );
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = originPath(req.url ?? '');
    if (url === undefined) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      return;
    }
    tunnelUpgrade(req, socket, head, { target, path: url, routeOf, sampleRatio, onSpan });
  }

  function handleConnect(_req: IncomingMessage, socket: Duplex): void {
    // CONNECT would turn the proxy into an open tunnel to anywhere: refused.
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\n\r\n');
  }

  const server: Server = createServer(
    {
      headersTimeout: options.headerTimeoutMs,
      requestTimeout: 0, // bodies may stream for long; idle timeout bounds a stalled one
      keepAliveTimeout: options.idleTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, options.headerTimeoutMs),
      maxHeaderSize: 16 * 1024, // Node's default (16 KiB); larger header blocks get 431
    },
    handleRequest,
  );
  server.timeout = options.idleTimeoutMs;
  server.maxConnections = options.maxConnections;
  server.on('upgrade', handleUpgrade);
  server.on('connect', handleConnect);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RuntimeFailure(
          `--listen ${options.host}:${options.port}: cannot listen (${error.code ?? error.message})`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const listenHost = `${options.host}:${port}`;

  let closing: Promise<void> | undefined;
  function close(graceMs: number): Promise<void> {
    closing ??= closeOnce(graceMs);
    return closing;
  }

  async function closeOnce(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    server.closeAllConnections();
    await closed;
    await pool.close();
  }

  return {
    url: `http://${listenHost}`,
    port,
    inFlight: function inFlight() {
      return active;
    },
    close,
  };
}

/** A chunked request body has no length up front: count it as it streams and cut it at the limit. */
async function* limitedBody(
  req: IncomingMessage,
  span: ProxySpanRecord,
  maxBodyBytes: number,
): AsyncIterable<Buffer> {
  for await (const chunk of req as AsyncIterable<Buffer>) {
    span.requestBytes += chunk.length;
    if (span.requestBytes > maxBodyBytes) {
      span.errorType = 'body_too_large';
      throw new Error(`request body over the ${maxBodyBytes}-byte limit`);
    }
    yield chunk;
  }
}
