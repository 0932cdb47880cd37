// One keep-alive HTTP/1.1 connection of the engine's own client: writes a request head (one string) and
// body, feeds the response through the parser, and reports to the request's slot. One request at a time.
import { connect, type Socket } from 'node:net';
import { Http1ResponseParser, type ResponseSink } from './http1-response-parser.ts';
import type { RequestSlot } from './request-slot.ts';

/** What a connection tells its pool. */
export interface ConnectionOwner {
  /** The response completed and the connection can take another request. */
  reusable(connection: Http1Connection): void;
  /** The connection is gone (closed, failed, or destroyed on purpose). */
  gone(connection: Http1Connection): void;
}

/** Retire an idle connection this long before the server's announced keep-alive timeout (undici: 1 s). */
const KEEP_ALIVE_MARGIN_MS = 1000;

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * The socket's handlers are bound once per connection (not per request); the request path is
 * send() → one socket.write of a prepared string (plus the body) → parser callbacks → slot.
 */
export class Http1Connection implements ResponseSink {
  readonly socket: Socket;
  readonly owner: ConnectionOwner;
  readonly parser: Http1ResponseParser;
  slot: RequestSlot | null = null;
  /** performance.now() after which the current request times out. */
  deadline = Number.POSITIVE_INFINITY;
  /** performance.now() after which this idle connection may be closed by the server: not reused then. */
  expiresAt = Number.POSITIVE_INFINITY;
  connected = false;
  private gone = false;
  private lastError: Error | null = null;
  private queuedHead: string | null = null;
  private queuedBody: Buffer | string | null = null;

  constructor(owner: ConnectionOwner, host: string, port: number, readBuffer: Buffer) {
    this.owner = owner;
    this.parser = new Http1ResponseParser(this);
    // `onread` hands reads straight to us in a buffer shared by all connections, skipping the Readable
    // stream machinery ('data' events, a new Buffer per read): the parser consumes synchronously and copies
    // the little it keeps. Don't switch back to socket.on('data') — it is the biggest cost left per response.
    this.socket = connect({
      host,
      port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (length: number, buffer: Uint8Array) => this.onRead(length, buffer as Buffer),
      },
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('error', (error: Error) => {
      this.lastError = error;
    });
    this.socket.on('close', () => this.onClose());
  }

  send(
    slot: RequestSlot,
    head: string,
    body: Buffer | string | null,
    noBody: boolean,
    deadline: number,
  ): void {
    this.slot = slot;
    this.deadline = deadline;
    this.parser.reset();
    this.parser.wantBody = slot.capturing;
    this.parser.noBody = noBody;
    if (this.connected) this.write(head, body);
    else {
      this.queuedHead = head;
      this.queuedBody = body;
    }
  }

  private write(head: string, body: Buffer | string | null): void {
    if (body === null) {
      this.socket.write(head, 'latin1');
      return;
    }
    // Cork so head and body leave in one writev (one syscall, one packet on loopback).
    this.socket.cork();
    this.socket.write(head, 'latin1');
    this.socket.write(body);
    this.socket.uncork();
  }

  private onConnect(): void {
    this.connected = true;
    // Opened ahead of the run (warm-up) with no request yet: it waits in the pool's idle list.
    if (this.slot === null) this.owner.reusable(this);
    else if (this.queuedHead !== null) {
      this.write(this.queuedHead, this.queuedBody);
      this.queuedHead = null;
      this.queuedBody = null;
    }
  }

  private onRead(length: number, buffer: Buffer): boolean {
    if (this.slot === null) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.destroy();
      return false;
    }
    const problem = this.parser.feed(buffer, length);
    if (problem !== undefined) this.fail(codedError('EPROTO', `bad response: ${problem}`));
    return true;
  }

  onHead(status: number): void {
    this.slot?.onResponseStart(null, status);
  }

  onBody(chunk: Buffer): void {
    this.slot?.onResponseData(null, chunk);
  }

  onComplete(keepAlive: boolean): void {
    const slot = this.slot;
    this.slot = null;
    this.deadline = Number.POSITIVE_INFINITY;
    // Free the connection before telling the engine, so a request waiting in its queue can reuse it now.
    const hint = this.parser.keepAliveTimeoutMs;
    this.expiresAt =
      hint === undefined ? Number.POSITIVE_INFINITY : performance.now() + hint - KEEP_ALIVE_MARGIN_MS;
    if (keepAlive) this.owner.reusable(this);
    else this.destroy();
    slot?.onResponseEnd();
  }

  /** Ends the current request with `error` and drops the connection. */
  fail(error: Error): void {
    const slot = this.slot;
    this.slot = null;
    this.destroy();
    slot?.onResponseError(null, error);
  }

  timeOut(): void {
    this.fail(codedError('ETIMEDOUT', 'request timed out'));
  }

  destroy(): void {
    this.socket.destroy();
    this.markGone();
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    this.owner.gone(this);
  }

  private onClose(): void {
    if (this.parser.readsUntilClose()) this.parser.finishOnClose();
    this.markGone();
    if (this.slot !== null) {
      const slot = this.slot;
      this.slot = null;
      // A close without an error mid-request is the peer hanging up: undici calls it "other side closed".
      slot.onResponseError(null, this.lastError ?? codedError('ECONNRESET', 'other side closed'));
    }
  }
}
