// Why a request failed, in words: the failing span's database error or exception message (scrubbed of
// values), so an errors finding says "duplicate key value violates unique constraint …" rather than
// only "HTTP 500".
import { type NormalizedSpan, SEMCONV } from '@loadlens/types';
import { scrubMessage } from '../fingerprint/scrub-message.ts';
import type { TraceTree } from './trace-tree.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** What one span says about its failure: status message, exception event, error.type — in that order. */
function spanCause(span: NormalizedSpan): string | undefined {
  const exception = span.events.find((e) => e.name === 'exception');
  const message =
    text(span.statusMessage) ??
    text(exception?.attributes['exception.message']) ??
    text(span.attributes['exception.message']);
  const type = text(exception?.attributes['exception.type']) ?? text(span.attributes[SEMCONV.errorType]);
  if (message !== undefined) {
    const scrubbed = scrubMessage(message);
    // "error: duplicate key…" already says its kind; a bare message gets the exception's type.
    // pg names its errors "error" and codes like "23505" say nothing to a reader: no prefix for those.
    return type !== undefined &&
      !scrubbed.startsWith(type) &&
      type.toLowerCase() !== 'error' &&
      !/^[A-Z_\d]+$/.test(type)
      ? `${type}: ${scrubbed}`
      : scrubbed;
  }
  return type === undefined ? undefined : scrubMessage(type);
}

/**
 * The cause of a failed request: from the deepest failing span of its subtree (where the error started —
 * the database call under the handler that turned it into a 500), else any span that recorded an
 * exception. Undefined when no span says more than its status.
 */
export function errorCause(tree: TraceTree, members: readonly number[]): string | undefined {
  let best: { cause: string; depth: number } | undefined;
  const depthOf = new Map<number, number>();
  for (const i of members) {
    const depth = depthOf.get(i) ?? 0;
    for (const k of tree.children[i] as number[]) depthOf.set(k, depth + 1);
  }
  for (const i of members) {
    const span = tree.spans[i] as NormalizedSpan;
    const failed = span.status === 'error' || span.events.some((e) => e.name === 'exception');
    if (!failed) continue;
    const cause = spanCause(span);
    const depth = depthOf.get(i) ?? 0;
    if (cause !== undefined && (best === undefined || depth > best.depth)) best = { cause, depth };
  }
  return best?.cause;
}
