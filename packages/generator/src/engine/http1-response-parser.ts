// An incremental HTTP/1.1 response parser for the engine's own client: status, framing (content-length,
// chunked, or until close) and keep-alive — the little a load generator needs, at a fraction of a general
// parser's cost. Bodies are skipped unless the caller wants them (captures).

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
/** Longest response head accepted (Node's own default limit is 16 KiB). */
export const MAX_HEAD_BYTES = 16 * 1024;

const HEAD = 0;
const BODY_LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_DATA_END = 4;
const TRAILERS = 5;
const BODY_UNTIL_CLOSE = 6;

export interface ResponseSink {
  /** The head is parsed (1xx interim responses are skipped and never reported). */
  onHead(status: number): void;
  /** A piece of the body (only called when `wantBody` is set); valid only during the call: copy it. */
  onBody(chunk: Buffer): void;
  /** The response is complete; `keepAlive` false means the connection must close. */
  onComplete(keepAlive: boolean): void;
}

export class Http1ResponseParser {
  sink: ResponseSink;
  wantBody = false;
  /** True for HEAD requests: a response without a body whatever its headers say. */
  noBody = false;
  private state = HEAD;
  private pending: Buffer | null = null;
  private remaining = 0;
  private status = 0;
  private keepAlive = true;
  /** The server's `Keep-Alive: timeout=N` hint in ms (undefined when it gave none). */
  keepAliveTimeoutMs: number | undefined;

  constructor(sink: ResponseSink) {
    this.sink = sink;
  }

  /** Ready for the next response on the same connection. */
  reset(): void {
    this.state = HEAD;
    this.pending = null;
    this.remaining = 0;
  }

  /** True while a close-delimited body is being read (the close completes it). */
  readsUntilClose(): boolean {
    return this.state === BODY_UNTIL_CLOSE;
  }

  finishOnClose(): void {
    if (this.state === BODY_UNTIL_CLOSE) {
      this.state = HEAD;
      this.sink.onComplete(false);
    }
  }

  /**
   * Feeds `input[0, length)`; returns an error message for a malformed response, else undefined.
   * `input` may be a read buffer shared by every connection, so whatever outlives this call is copied.
   */
  feed(input: Buffer, length: number): string | undefined {
    let chunk = input;
    let end = length;
    if (this.pending !== null) {
      chunk = Buffer.concat([this.pending, input.subarray(0, length)]);
      end = chunk.length;
      this.pending = null;
    }
    let at = 0;
    while (at < end) {
      switch (this.state) {
        case HEAD: {
          const headEnd = chunk.indexOf(CRLFCRLF, at);
          if (headEnd === -1 || headEnd + 4 > end) {
            if (end - at > MAX_HEAD_BYTES) return 'response head too large';
            this.pending = Buffer.from(chunk.subarray(at, end));
            return undefined;
          }
          const error = this.parseHead(chunk.toString('latin1', at, headEnd + 2));
          if (error) return error;
          at = headEnd + 4;
          break;
        }
        case BODY_LENGTH: {
          const take = Math.min(this.remaining, end - at);
          if (this.wantBody) this.sink.onBody(chunk.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.complete();
          break;
        }
        case CHUNK_SIZE: {
          const lineEnd = chunk.indexOf(CRLF, at);
          if (lineEnd === -1 || lineEnd + 2 > end) {
            this.pending = Buffer.from(chunk.subarray(at, end));
            return undefined;
          }
          const size = Number.parseInt(chunk.toString('latin1', at, lineEnd), 16); // ignores ";ext" after the digits
          if (Number.isNaN(size)) return 'bad chunk size';
          at = lineEnd + 2;
          if (size === 0) this.state = TRAILERS;
          else {
            this.remaining = size;
            this.state = CHUNK_DATA;
          }
          break;
        }
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, end - at);
          if (this.wantBody) this.sink.onBody(chunk.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = CHUNK_DATA_END;
            this.remaining = 2;
          }
          break;
        }
        case CHUNK_DATA_END: {
          const take = Math.min(this.remaining, end - at);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = CHUNK_SIZE;
          break;
        }
        case TRAILERS: {
          // Usually just the empty line; otherwise trailer fields up to an empty line.
          const lineEnd = chunk.indexOf(CRLF, at);
          if (lineEnd === -1 || lineEnd + 2 > end) {
            this.pending = Buffer.from(chunk.subarray(at, end));
            return undefined;
          }
          const empty = lineEnd === at;
          at = lineEnd + 2;
          if (empty) this.complete();
          break;
        }
        case BODY_UNTIL_CLOSE: {
          if (this.wantBody) this.sink.onBody(chunk.subarray(at, end));
          at = end;
          break;
        }
      }
    }
    return undefined;
  }

  private parseHead(head: string): string | undefined {
    if (!head.startsWith('HTTP/1.')) return 'not an HTTP/1.x response';
    const status = Number(head.slice(9, 12));
    if (!(status >= 100 && status <= 599)) return 'bad status line';
    if (status < 200) return undefined; // interim response (100 Continue): the real one follows
    this.status = status;
    const lower = head.toLowerCase();
    const http10 = head.charCodeAt(7) === 48; // "HTTP/1.0"
    this.keepAlive = http10
      ? lower.includes('\r\nconnection: keep-alive')
      : !/\r\nconnection:[^\r]*close/.test(lower);
    // Servers announce how long they keep an idle connection (Node: "Keep-Alive: timeout=5"); reusing one
    // right as the server closes it fails the request, so the pool retires connections before that.
    const hint = lower.indexOf('\r\nkeep-alive:');
    const timeoutAt = hint === -1 ? -1 : lower.indexOf('timeout=', hint);
    this.keepAliveTimeoutMs =
      timeoutAt === -1 || lower.indexOf('\r\n', hint + 2) < timeoutAt
        ? undefined
        : Number.parseInt(lower.slice(timeoutAt + 8, timeoutAt + 16), 10) * 1000;
    this.sink.onHead(status);
    if (this.noBody || status === 204 || status === 304) {
      this.complete();
      return undefined;
    }
    if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
      this.state = CHUNK_SIZE;
      return undefined;
    }
    const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    if (length) {
      this.remaining = Number(length[1]);
      if (this.remaining === 0) this.complete();
      else this.state = BODY_LENGTH;
      return undefined;
    }
    this.keepAlive = false;
    this.state = BODY_UNTIL_CLOSE;
    return undefined;
  }

  private complete(): void {
    this.state = HEAD;
    this.remaining = 0;
    this.sink.onComplete(this.keepAlive);
  }

  /** Status of the response being read. */
  get statusCode(): number {
    return this.status;
  }
}
