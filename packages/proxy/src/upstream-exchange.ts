// One request's trip to the upstream, as an undici dispatch handler: undici calls these methods as the
// exchange progresses, which gives the proxy its timings (written on a connection, first byte, last
// byte) without wrapping the response in a stream. A class, not closures: one allocation per request,
// and the method names show up in profiles.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { RESPONSE_HOP_BY_HOP } from './request-headers.ts';
import { type ProxySpanRecord, STATUS_ERROR } from './span-record.ts';

type Controller = Dispatcher.DispatchController;

/** Called once per request when its span is complete. */
export type SpanSink = (span: ProxySpanRecord) => void;

const GATEWAY_TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function now(): number {
  return performance.timeOrigin + performance.now();
}

const kExchange = Symbol('loadlens.exchange');

// Shared listeners (not per-request closures): they find their exchange through the response.
function onClientClose(this: ServerResponse): void {
  (this as ServerResponse & { [kExchange]?: UpstreamExchange })[kExchange]?.clientClosed();
}
function onClientDrain(this: ServerResponse): void {
  (this as ServerResponse & { [kExchange]?: UpstreamExchange })[kExchange]?.resume();
}

export class UpstreamExchange implements Dispatcher.DispatchHandler {
  readonly span: ProxySpanRecord;
  private readonly req: IncomingMessage;
  private readonly res: ServerResponse;
  private readonly sink: SpanSink;
  private controller: Controller | undefined = undefined;
  private done = false;
  /** Body bytes still expected when the upstream sent content-length, else -1. */
  private remaining = -1;

  constructor(req: IncomingMessage, res: ServerResponse, span: ProxySpanRecord, sink: SpanSink) {
    this.req = req;
    this.res = res;
    this.span = span;
    this.sink = sink;
    (res as ServerResponse & { [kExchange]?: UpstreamExchange })[kExchange] = this;
    res.once('close', onClientClose);
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    this.span.sentMs = now();
    if (this.done) controller.abort(new Error('client closed the connection'));
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    this.controller = controller;
    this.span.firstByteMs = now();
    this.span.httpStatus = statusCode;
    for (const name of RESPONSE_HOP_BY_HOP) if (headers[name] !== undefined) delete headers[name];
    const length = headers['content-length'];
    if (typeof length === 'string') this.remaining = Number(length);
    this.res.writeHead(statusCode, statusMessage || undefined, headers as Record<string, string | string[]>);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.span.responseBytes += chunk.length;
    // The chunk that completes a content-length body goes out with end(): head and body leave in one
    // write instead of a write plus an end — a syscall per request saved on small responses.
    if (this.remaining >= 0) {
      this.remaining -= chunk.length;
      if (this.remaining === 0) {
        this.res.end(chunk);
        return;
      }
    }
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', onClientDrain);
    }
  }

  onResponseEnd(): void {
    if (!this.res.writableEnded) this.res.end();
    this.finish();
  }

  onResponseError(_controller: Controller, error: Error): void {
    const span = this.span;
    const code = (error as { code?: string }).code ?? '';
    if (this.done && span.errorType === '') {
      span.errorType = 'client_closed';
    } else {
      span.statusCode = STATUS_ERROR;
      span.errorType = code === '' ? error.name : code;
      span.errorMessage = error.message;
    }
    const res = this.res;
    if (!res.headersSent && !res.destroyed) {
      const status = GATEWAY_TIMEOUT_CODES.has(code) ? 504 : 502;
      span.httpStatus = status;
      const body = `${status === 504 ? 'upstream timed out' : 'upstream unavailable'} (${span.errorType})\n`;
      res.writeHead(status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } else if (!res.writableEnded) {
      // Headers already went out: the only honest signal left is to cut the connection.
      res.destroy(error);
    }
    if (!this.req.complete) this.req.resume();
    this.finish();
  }

  resume(): void {
    this.controller?.resume();
  }

  /** The client went away before the response ended: stop the upstream exchange too. */
  clientClosed(): void {
    if (this.span.endMs !== 0) return;
    if (!this.res.writableFinished) {
      this.span.errorType = 'client_closed';
      this.done = true;
      this.controller?.abort(new Error('client closed the connection'));
    }
  }

  private finish(): void {
    if (this.span.endMs !== 0) return;
    this.done = true;
    this.span.endMs = now();
    this.sink(this.span);
  }
}
