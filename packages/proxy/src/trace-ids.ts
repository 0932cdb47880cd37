// W3C trace context for the proxy's hot path: random span/trace ids from a pooled buffer and the
// `traceparent` header parsed and written without regexes or URL objects.
import { randomFillSync } from 'node:crypto';

// One randomFillSync per 256 ids instead of a crypto call per request: the syscall dominates the
// cost of an id, and ids need uniqueness, not secrecy.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

function take(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return id;
}

/** A fresh 16-hex-digit span id. */
export function newSpanId(): string {
  return take(8);
}

/** A fresh 32-hex-digit trace id. */
export function newTraceId(): string {
  return take(16);
}

export interface ParentContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

function isLowerHex(text: string, from: number, to: number): boolean {
  let nonZero = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
    if (c !== 48) nonZero = true;
  }
  return nonZero; // an all-zero trace or span id is invalid per W3C trace context
}

/**
 * Parses a `traceparent` header (version 00 and, forward-compatibly, later versions), or undefined.
 * @example parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
 */
export function parseTraceparent(header: string | undefined): ParentContext | undefined {
  if (header === undefined || header.length < 55) return undefined;
  if (header.charCodeAt(2) !== 45 || header.charCodeAt(35) !== 45 || header.charCodeAt(52) !== 45)
    return undefined;
  if (header.startsWith('ff') || (header.startsWith('00') && header.length !== 55)) return undefined;
  if (!isLowerHex(header, 3, 35) || !isLowerHex(header, 36, 52)) return undefined;
  const flags = Number.parseInt(header.slice(53, 55), 16);
  if (Number.isNaN(flags)) return undefined;
  return { traceId: header.slice(3, 35), spanId: header.slice(36, 52), sampled: (flags & 1) === 1 };
}

/** The `traceparent` value that makes `spanId` the parent of the upstream's server span. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
