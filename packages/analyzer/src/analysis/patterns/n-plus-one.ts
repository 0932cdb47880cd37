// N+1: the same query shape (or the same outbound HTTP call) repeated under one parent, by Sentry's rule
// (≥ 5 same-shape spans, together ≥ 100 ms — or, opted into, a share of the request), usually after a
// "source" query that fetched the list.
import type { NormalizedSpan } from '@loadlens/types';
import type { RequestFacts } from '../request-facts.ts';
import type { TraceTree } from '../trace-tree.ts';
import { httpCallOf } from './http-call.ts';
import type { Occurrence } from './occurrence.ts';
import type { PatternThresholds } from './thresholds.ts';

/**
 * The N+1 groups of one request.
 * @example for (const o of findNPlusOne(tree, request, DEFAULT_THRESHOLDS)) totals.add(o)
 */
export function findNPlusOne(tree: TraceTree, request: RequestFacts, t: PatternThresholds): Occurrence[] {
  const found: Occurrence[] = [];
  for (const parent of request.members) {
    const kids = tree.children[parent] as number[];
    if (kids.length < t.nPlusOneMinRepeats) continue;
    const groups = new Map<string, number[]>();
    for (const k of kids) {
      const key = request.queries[k]?.id ?? httpKey(tree.spans[k] as NormalizedSpan);
      if (key === undefined) continue;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [k]);
      else g.push(k);
    }
    for (const members of groups.values()) {
      if (members.length < t.nPlusOneMinRepeats) continue;
      let totalNs = 0;
      let maxNs = 0;
      for (const k of members) {
        const d = (tree.spans[k] as NormalizedSpan).durationNs;
        totalNs += d;
        if (d > maxNs) maxNs = d;
      }
      const bigEnough =
        totalNs >= t.nPlusOneMinTotalMs * 1e6 ||
        (t.nPlusOneMinShare > 0 && totalNs >= t.nPlusOneMinShare * request.durationNs);
      if (!bigEnough) continue;
      const first = members[0] as number;
      const query = request.queries[first];
      const call = query === undefined ? httpCallOf(tree.spans[first] as NormalizedSpan) : undefined;
      // The source: the closest earlier sibling query of another shape (the query that returned the list).
      let source: string | undefined;
      for (let j = kids.indexOf(first) - 1; j >= 0; j--) {
        const q = request.queries[kids[j] as number];
        if (q !== undefined && q.id !== query?.id) {
          source = q.sample;
          break;
        }
      }
      found.push({
        kind: 'n-plus-one',
        route: request.route,
        key: query?.id ?? `http ${call}`,
        ...(query ? { fingerprint: query.fingerprint } : {}),
        ...(call ? { call } : {}),
        label: source ?? '',
        // One batched query (IN list / join) costs about as much as the slowest single one: the rest is saved.
        savedNs: totalNs - maxNs,
        sums: { repeats: members.length, totalNs, withSource: source !== undefined ? 1 : 0 },
        traceId: request.traceId,
      });
    }
  }
  return found;
}

function httpKey(span: NormalizedSpan): string | undefined {
  const call = httpCallOf(span);
  return call === undefined ? undefined : `http ${call}`;
}
