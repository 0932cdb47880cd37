// WebSocket (and any HTTP/1.1 Upgrade) pass-through: the request head is re-sent to the target with
// the proxy's traceparent, then bytes are piped both ways untouched. One span covers the tunnel's life.
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { forwardHeaders } from './request-headers.ts';
import { ProxySpanRecord, STATUS_ERROR } from './span-record.ts';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-ids.ts';
import type { SpanSink } from './upstream-exchange.ts';

export interface TunnelOptions {
  target: URL;
  path: string;
  sampleRatio: number;
  routeOf: (path: string) => string;
  onSpan: SpanSink;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Opens a tunnel for an upgrade request; the span is emitted when either side closes. */
export function tunnelUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  options: TunnelOptions,
): void {
  const span = new ProxySpanRecord();
  span.startMs = now();
  span.method = req.method ?? 'GET';
  const q = options.path.indexOf('?');
  span.path = q === -1 ? options.path : options.path.slice(0, q);
  span.route = options.routeOf(span.path);
  span.name = `${span.method} ${span.route}`;
  const forwarded = forwardHeaders(req.rawHeaders);
  const parent = parseTraceparent(forwarded.traceparent);
  span.traceId = parent?.traceId ?? newTraceId();
  span.parentSpanId = parent?.spanId;
  span.sampled = parent ? parent.sampled : Math.random() < options.sampleRatio;
  span.spanId = newSpanId();

  // Upgrade and Connection are hop-by-hop in general but are the point of this request: restore them.
  const lines = [`${span.method} ${options.path} HTTP/1.1`];
  for (let i = 0; i < forwarded.headers.length; i += 2)
    lines.push(`${forwarded.headers[i]}: ${forwarded.headers[i + 1]}`);
  lines.push(`connection: Upgrade`, `upgrade: ${req.headers.upgrade ?? 'websocket'}`);
  lines.push(`traceparent: ${formatTraceparent(span.traceId, span.spanId, span.sampled)}`);

  span.dispatchMs = now();
  const upstream = connect(Number(options.target.port || 80), options.target.hostname);
  let ended = false;
  function end(error?: Error): void {
    if (ended) return;
    ended = true;
    if (error && span.httpStatus === 0) {
      span.statusCode = STATUS_ERROR;
      span.errorType = (error as { code?: string }).code ?? error.name;
      span.errorMessage = error.message;
      span.httpStatus = 502;
      if (client.writable)
        client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    }
    span.endMs = now();
    client.destroy();
    upstream.destroy();
    options.onSpan(span);
  }
  upstream.once('connect', function sendHead() {
    span.sentMs = now();
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.once('data', function readStatus(chunk: Buffer) {
      span.firstByteMs = now();
      // "HTTP/1.1 101 …": the status code sits at bytes 9–11 of the first response line.
      const status = Number(chunk.toString('latin1', 9, 12));
      if (Number.isInteger(status)) span.httpStatus = status;
    });
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', end);
  client.on('error', function clientError() {
    end();
  });
  // Either side finishing ends the tunnel: HTTP sockets are half-open, so a FIN alone would leave the
  // other direction (and both descriptors) open forever.
  upstream.on('end', function upstreamEnded() {
    end();
  });
  client.on('end', function clientEnded() {
    end();
  });
  upstream.on('close', function upstreamClosed() {
    end();
  });
  client.on('close', function clientClosed() {
    end();
  });
}
