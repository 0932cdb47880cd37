// Sequential independent calls: ≥ 3 client calls under one parent, each starting after the previous
// ended, that could have run in parallel (Sentry's consecutive-DB rule, widened to any client span).
import type { NormalizedSpan } from '@loadlens/types';
import type { RequestFacts } from '../request-facts.ts';
import { isClientCall, STAGE_QUEUE } from '../stage-of.ts';
import type { TraceTree } from '../trace-tree.ts';
import { httpCallOf } from './http-call.ts';
import type { Occurrence } from './occurrence.ts';
import type { PatternThresholds } from './thresholds.ts';

/** What a call is, literal-free: its query shape, its HTTP method, host and templated path, or its span name. */
function callKey(request: RequestFacts, span: NormalizedSpan, i: number): string {
  const q = request.queries[i];
  if (q !== undefined) return q.fingerprint;
  const call = httpCallOf(span);
  return call !== undefined ? `HTTP ${call}` : span.name;
}

/**
 * The runs of sequential calls in one request worth parallelizing.
 * @example findSequentialCalls(tree, request, DEFAULT_THRESHOLDS)
 */
export function findSequentialCalls(
  tree: TraceTree,
  request: RequestFacts,
  t: PatternThresholds,
): Occurrence[] {
  const found: Occurrence[] = [];
  for (const parent of request.members) {
    const kids = tree.children[parent] as number[];
    if (kids.length < t.sequentialMinCalls) continue;
    const calls = kids.filter(
      (k) => isClientCall(tree.spans[k] as NormalizedSpan) && request.stages[k] !== STAGE_QUEUE,
    );
    if (calls.length < t.sequentialMinCalls) continue;
    let run: number[] = [];
    const flush = () => {
      if (run.length >= t.sequentialMinCalls) {
        const o = judge(tree, request, run, t);
        if (o !== undefined) found.push(o);
      }
    };
    let lastEnd = -Infinity;
    for (const k of calls) {
      const span = tree.spans[k] as NormalizedSpan;
      if (span.startNs >= lastEnd) run.push(k);
      else {
        flush();
        run = [k];
      }
      lastEnd = Math.max(lastEnd, span.startNs + span.durationNs);
    }
    flush();
  }
  return found;
}

function judge(
  tree: TraceTree,
  request: RequestFacts,
  run: number[],
  t: PatternThresholds,
): Occurrence | undefined {
  const keys = run.map((k) => callKey(request, tree.spans[k] as NormalizedSpan, k));
  const distinct = [...new Set(keys)];
  // A run that is mostly one shape repeated is an N+1 (reported as such), not independent calls.
  if (distinct.length < t.sequentialMinCalls) return undefined;
  let sum = 0;
  let max = 0;
  for (const k of run) {
    const d = (tree.spans[k] as NormalizedSpan).durationNs;
    sum += d;
    max = Math.max(max, d);
  }
  // Run in parallel, the calls take as long as the slowest one.
  const saved = sum - max;
  if (saved < t.sequentialMinSavingMs * 1e6 || saved < t.sequentialMinSavingShare * request.durationNs)
    return undefined;
  return {
    kind: 'sequential-calls',
    route: request.route,
    key: distinct.join('\n'),
    label: distinct.slice(0, 6).join(' → '),
    savedNs: saved,
    sums: { calls: run.length, totalNs: sum },
    traceId: request.traceId,
  };
}
