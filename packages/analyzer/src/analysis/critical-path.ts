// The critical path of one request, in Jaeger's way (walk back from the end through the child that
// finished last), credited to stages so it can be summed over every trace of a route.
import type { NormalizedSpan } from '@loadlens/types';
import type { TraceTree } from './trace-tree.ts';

/**
 * Adds, per stage, the nanoseconds of the root's critical path to `into`. A segment belongs to the
 * deepest span that is on the path during it; parallel siblings that finish earlier are off the path.
 * @example const byStage = new Map(); criticalPath(tree, root, stages, byStage)
 */
export function criticalPath(
  tree: TraceTree,
  root: number,
  stageOfSpan: readonly string[],
  into: Map<string, number>,
): void {
  walk(
    tree,
    root,
    (tree.spans[root] as NormalizedSpan).startNs + (tree.spans[root] as NormalizedSpan).durationNs,
  );

  function credit(i: number, ns: number) {
    if (ns <= 0) return;
    const stage = stageOfSpan[i] as string;
    into.set(stage, (into.get(stage) ?? 0) + ns);
  }

  function walk(t: TraceTree, i: number, endNs: number): void {
    const span = t.spans[i] as NormalizedSpan;
    const start = span.startNs;
    let cursor = Math.min(endNs, start + span.durationNs);
    const kids = t.children[i] as number[];
    if (kids.length > 0) {
      // Children by end time, latest first: the last one to finish is what the parent waited for.
      const byEnd = kids.slice().sort((a, b) => end(t, b) - end(t, a));
      for (const k of byEnd) {
        if (cursor <= start) break;
        const kid = t.spans[k] as NormalizedSpan;
        if (kid.startNs >= cursor) continue; // ran entirely after the cursor: overlapped by a later sibling
        const kidEnd = Math.min(end(t, k), cursor);
        credit(i, cursor - kidEnd);
        walk(t, k, kidEnd);
        cursor = Math.max(kid.startNs, start);
      }
    }
    credit(i, cursor - start);
  }
}

function end(t: TraceTree, i: number): number {
  const s = t.spans[i] as NormalizedSpan;
  return s.startNs + s.durationNs;
}
