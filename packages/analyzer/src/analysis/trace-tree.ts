// One trace as a tree: children per span (sorted by start), the roots, and each span's self time.
import type { NormalizedSpan } from '@loadlens/types';

export interface TraceTree {
  spans: readonly NormalizedSpan[];
  /** children[i]: indexes of span i's children, by start time (read-only: leaves share one empty list). */
  children: readonly (readonly number[])[];
  /** Spans whose parent is not in the trace (normally one: the request's entry span). */
  roots: number[];
  /** selfNs[i]: span i's duration not covered by any of its children. */
  selfNs: readonly number[];
}

const NO_CHILDREN: number[] = [];

/** Traces up to this many spans find parents without a Map (see buildTraceTree). */
const SCAN_MAX = 16;

/** Index of the last span with this id: what a Map filled in span order gives when ids repeat. */
function lastWithId(spans: readonly NormalizedSpan[], id: string): number | undefined {
  for (let i = spans.length - 1; i >= 0; i--) if ((spans[i] as NormalizedSpan).spanId === id) return i;
  return undefined;
}

/**
 * Indexes a trace. Spans whose parent never arrived count as roots, so a partly exported trace still
 * yields what it has.
 * @example const tree = buildTraceTree(spans); tree.roots.map((i) => tree.spans[i].name)
 */
export function buildTraceTree(spans: readonly NormalizedSpan[]): TraceTree {
  const n = spans.length;
  // Most traces have a handful of spans: their parents are found by comparing ids, as hashing every
  // (freshly decoded) id into a Map per trace cost more in profiles. Larger traces use the Map.
  const indexOf = n > SCAN_MAX ? new Map<string, number>() : undefined;
  if (indexOf) for (let i = 0; i < n; i++) indexOf.set((spans[i] as NormalizedSpan).spanId, i);
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
      lastIndex = indexOf ? indexOf.get(parent) : lastWithId(spans, parent);
    }
    const p = parent === undefined ? undefined : lastIndex;
    if (p === undefined || p === i) roots.push(i);
    else if (children[p] === NO_CHILDREN) children[p] = [i];
    else (children[p] as number[]).push(i);
  }
  for (const list of children)
    if (list.length > 1)
      list.sort((a, b) => (spans[a] as NormalizedSpan).startNs - (spans[b] as NormalizedSpan).startNs);
  // A plain array: a typed array per trace (an ArrayBuffer each) was a sixth of this function's time.
  const selfNs = new Array<number>(n);
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
