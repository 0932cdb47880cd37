// One trace as a tree: children per span (sorted by start), the roots, and each span's self time.
import type { NormalizedSpan } from '@loadlens/types';

export interface TraceTree {
  spans: readonly NormalizedSpan[];
  /** children[i]: indexes of span i's children, by start time (read-only: leaves share one empty list). */
  children: readonly (readonly number[])[];
  /** Spans whose parent is not in the trace (normally one: the request's entry span). */
  roots: number[];
  /** selfNs[i]: span i's duration not covered by any of its children. */
  selfNs: Float64Array;
}

const NO_CHILDREN: number[] = [];

/**
 * Indexes a trace. Spans whose parent never arrived count as roots, so a partly exported trace still
 * yields what it has.
 * @example const tree = buildTraceTree(spans); tree.roots.map((i) => tree.spans[i].name)
 */
export function buildTraceTree(spans: readonly NormalizedSpan[]): TraceTree {
  const n = spans.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set((spans[i] as NormalizedSpan).spanId, i);
  // Most spans are leaves: they share one empty list instead of an array each (a million per 1M spans).
  const children: number[][] = new Array(n).fill(NO_CHILDREN);
  const roots: number[] = [];
  // Siblings follow each other: the parent found last is tried first (a string compare, not a hash).
  let lastParent: string | undefined;
  let lastIndex: number | undefined;
  for (let i = 0; i < n; i++) {
    const parent = (spans[i] as NormalizedSpan).parentSpanId;
    if (parent !== lastParent && parent !== undefined) {
      lastParent = parent;
      lastIndex = indexOf.get(parent);
    }
    const p = parent === undefined ? undefined : lastIndex;
    if (p === undefined || p === i) roots.push(i);
    else if (children[p] === NO_CHILDREN) children[p] = [i];
    else (children[p] as number[]).push(i);
  }
  for (const list of children)
    if (list.length > 1)
      list.sort((a, b) => (spans[a] as NormalizedSpan).startNs - (spans[b] as NormalizedSpan).startNs);
  const selfNs = new Float64Array(n);
  for (let i = 0; i < n; i++) selfNs[i] = selfTime(spans, i, children[i] as number[]);
  return { spans, children, roots, selfNs };
}

/** Duration minus the union of the children's intervals clipped to the span: children may overlap (async). */
function selfTime(spans: readonly NormalizedSpan[], i: number, kids: readonly number[]): number {
  const span = spans[i] as NormalizedSpan;
  const start = span.startNs;
  const end = start + span.durationNs;
  let covered = 0;
  let cursor = start;
  // kids are sorted by start, so one sweep merges the intervals.
  for (const k of kids) {
    const kid = spans[k] as NormalizedSpan;
    const s = Math.max(kid.startNs, cursor);
    const e = Math.min(kid.startNs + kid.durationNs, end);
    if (e > s) {
      covered += e - s;
      cursor = e;
    }
  }
  return Math.max(0, span.durationNs - covered);
}
