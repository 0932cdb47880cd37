// One in-flight request as an undici dispatch handler. Slots are pooled (at most one per connection) and
// reused, so a request allocates no handler, no closures and no options object of its own.
import type { Dispatcher } from 'undici';
import { CAPTURE_MAX_BYTES } from './capture-pool.ts';

/** What a slot reports back to the engine when its request ends. */
export interface SlotOwner {
  /** The response ended (any status). */
  responded(slot: RequestSlot): void;
  /** The request failed without a complete response. */
  failed(slot: RequestSlot, error: Error): void;
  /** The request could not be built and was never sent (already counted by the caller). */
  unsent(slot: RequestSlot): void;
}

/**
 * A reusable undici handler (undici 7+/8 controller API). Deliberately a class with fields instead of a
 * closure per request: V8 keeps one hidden class for all slots and the request path stays allocation-free.
 * Do not turn this into `pool.request()` + promises: that costs ~2× the CPU per request (see BENCHMARKS.md).
 */
export class RequestSlot {
  owner: SlotOwner;
  op = 0;
  phase = 0;
  /** performance.now() time the schedule intended the request for. */
  intendedAt = 0;
  /** performance.now() time it was handed to a free connection. */
  sentAt = 0;
  status = 0;
  /** Body chunks, only for operations that capture values from the response. */
  chunks: Buffer[] | null = null;
  chunkBytes = 0;
  capturing = false;
  /** Flat header list [name, value, …]: slot 0/1 is the traceparent, the rest the operation's headers. */
  headers: string[] = ['traceparent', ''];
  /** Reused dispatch options; undici copies what it needs when the request is created. */
  options: Dispatcher.DispatchOptions;

  constructor(owner: SlotOwner) {
    this.owner = owner;
    this.options = {
      origin: '',
      path: '/',
      method: 'GET',
      headers: this.headers,
      body: null,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
  }

  onRequestStart(): void {}

  onResponseStart(_controller: unknown, statusCode: number): void {
    this.status = statusCode;
    if (this.capturing && statusCode >= 200 && statusCode < 300) {
      this.chunks = [];
      this.chunkBytes = 0;
    }
  }

  onResponseData(_controller: unknown, chunk: Buffer): void {
    // Bodies are read and discarded unless this operation captures values from them.
    if (this.chunks !== null && this.chunkBytes + chunk.length <= CAPTURE_MAX_BYTES) {
      // Copied: the engine's own client passes a read buffer that is reused for the next read.
      this.chunks.push(Buffer.from(chunk));
      this.chunkBytes += chunk.length;
    }
  }

  onResponseEnd(): void {
    this.owner.responded(this);
  }

  onResponseError(_controller: unknown, error: Error): void {
    this.owner.failed(this, error);
  }

  /** Takes the captured body (if any) as text and forgets it. */
  takeBody(): string | undefined {
    const chunks = this.chunks;
    this.chunks = null;
    if (chunks === null) return undefined;
    return Buffer.concat(chunks, this.chunkBytes).toString('utf8');
  }
}
