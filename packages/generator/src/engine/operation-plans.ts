// Per-operation send plans: method, timeout, expected statuses, and — for operations whose request never
// changes — the request serialized once (path, body bytes, header list) so the hot path only copies refs.
import type { ResolvedOperation, ResolvedWorkload } from '@loadlens/types';
import type { PreparedRequest, RequestSourceLike } from './types.ts';

export interface SerializedRequest {
  path: string;
  body: Buffer | string | null;
  /** Flat [name, value, …] list, lower-case names, without the traceparent. */
  headers: string[];
  /** Sent again and again (an operation's fixed request): transports may cache what they derive from it. */
  reused: boolean;
}

export interface OperationPlan {
  operation: ResolvedOperation;
  /** The target URL's path prefix ("" for none). */
  basePath: string;
  method: string;
  timeoutMs: number;
  expected: readonly number[] | undefined;
  capture: Readonly<Record<string, string>> | undefined;
  /** Set when the request source says this operation sends the same request every time. */
  fixed: SerializedRequest | null;
}

function defaultContentType(op: ResolvedOperation): string | undefined {
  const body = op.body;
  if (body === undefined) return undefined;
  if ('text' in body) return body.contentType ?? 'text/plain; charset=utf-8';
  return 'application/json';
}

/**
 * Serializes one prepared request: the operation's headers, then the request's own (which win), plus a
 * content-type for bodies that lack one. `basePath` is the target URL's path prefix ("" for none).
 * `fixed` requests (sent every time) get their body encoded to bytes once.
 */
export function serializeRequest(
  op: ResolvedOperation,
  prepared: PreparedRequest,
  basePath: string,
  fixed: boolean,
): SerializedRequest {
  const merged = new Map<string, string>();
  for (const [name, value] of Object.entries(op.headers ?? {})) merged.set(name.toLowerCase(), value);
  for (const [name, value] of Object.entries(prepared.headers ?? {})) merged.set(name.toLowerCase(), value);
  const hasBody = prepared.body !== undefined;
  if (hasBody && !merged.has('content-type')) {
    const type = defaultContentType(op);
    if (type) merged.set('content-type', type);
  }
  const headers: string[] = [];
  for (const [name, value] of merged) headers.push(name, value);
  let body: Buffer | string | null = null;
  if (prepared.body !== undefined) {
    if (typeof prepared.body === 'string') body = fixed ? Buffer.from(prepared.body) : prepared.body;
    else body = Buffer.from(prepared.body.buffer, prepared.body.byteOffset, prepared.body.byteLength);
  }
  return { path: basePath + prepared.path, body, headers, reused: fixed };
}

export function planOperations(
  workload: ResolvedWorkload,
  requests: RequestSourceLike,
  basePath: string,
): OperationPlan[] {
  const empty = new Map<string, readonly string[]>();
  return workload.operations.map((op, i) => ({
    operation: op,
    basePath,
    method: op.method,
    timeoutMs: op.timeoutMs,
    expected: op.expect?.status,
    capture: op.capture && Object.keys(op.capture).length > 0 ? op.capture : undefined,
    // Encoding a fixed body to bytes once saves a UTF-8 encode per request.
    fixed: requests.isStatic(i) ? serializeRequest(op, requests.next(i, empty), basePath, true) : null,
  }));
}
