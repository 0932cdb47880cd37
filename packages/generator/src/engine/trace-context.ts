// W3C trace context for every request (traceparent "00-<trace-id>-<span-id>-<flags>"), so the client's
// timing of a request joins the server's trace of it.
import { randomFillSync } from 'node:crypto';

/** Random bytes drawn per refill: 2,730 requests' worth (24 bytes each), one syscall per refill. */
const POOL_BYTES = 24 * 2730;

export interface TraceparentSource {
  /** A fresh traceparent header value; sampled with the configured ratio. */
  next(): string;
}

/**
 * Trace and span ids come from one pre-filled random pool: one crypto call per ~2,700 requests instead of
 * one per request (the per-request path is hot; see engine/run-load.ts).
 * @example createTraceparentSource(0.1).next() // "00-4bf9…-00f0…-01" for ~10 % of requests
 */
export function createTraceparentSource(sampleRatio: number): TraceparentSource {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let offset = POOL_BYTES;
  const always = sampleRatio >= 1;
  const never = sampleRatio <= 0;

  function next(): string {
    if (offset + 24 > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    const traceId = pool.toString('hex', offset, offset + 16);
    const spanId = pool.toString('hex', offset + 16, offset + 24);
    offset += 24;
    // All-zero ids are invalid in W3C trace context; with 128 random bits this never happens in practice,
    // but a receiver would drop such a request's trace, so guard cheaply.
    const flags = always ? '01' : never ? '00' : Math.random() < sampleRatio ? '01' : '00';
    return `00-${traceId === ZERO_TRACE ? ONE_TRACE : traceId}-${spanId === ZERO_SPAN ? ONE_SPAN : spanId}-${flags}`;
  }

  return { next };
}

const ZERO_TRACE = '0'.repeat(32);
const ONE_TRACE = `${'0'.repeat(31)}1`;
const ZERO_SPAN = '0'.repeat(16);
const ONE_SPAN = `${'0'.repeat(15)}1`;
