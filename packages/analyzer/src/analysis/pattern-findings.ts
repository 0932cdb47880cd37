// Turns pattern totals (N+1, sequential calls) and the digest (slow and dominant shapes) into findings
// with their impact: time a fix would save per request of the route and as a share of its time.
import type { Finding, QueryShape, RouteSummary } from '@loadlens/types';
import { formatMs } from '../format-duration.ts';
import type { PatternTotal } from './patterns/occurrence.ts';
import type { PatternThresholds } from './patterns/thresholds.ts';

export type DraftFinding = Omit<Finding, 'id' | 'severity'>;

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const round = (x: number) => Math.round(x * 100) / 100;

function impactOf(savedNs: number, route: RouteSummary | undefined) {
  const count = route?.count ?? 0;
  const totalNs = (route?.meanMs ?? 0) * count * 1e6;
  return {
    msPerRequest: count > 0 ? savedNs / count / 1e6 : 0,
    share: totalNs > 0 ? Math.min(1, savedNs / totalNs) : 0,
    totalMs: savedNs / 1e6,
  };
}

/** Findings for the N+1 and sequential-call totals. */
export function patternFindings(totals: PatternTotal[], routes: Map<string, RouteSummary>): DraftFinding[] {
  return totals.map((p) => {
    const route = routes.get(p.route);
    const affected = route && route.count > 0 ? p.occurrences / route.count : 0;
    if (p.kind === 'n-plus-one') {
      const repeats = (p.sums.repeats ?? 0) / p.occurrences;
      return {
        kind: p.kind,
        title: `N+1: ${Math.round(repeats)} × the same ${p.call ? 'HTTP call' : 'query'} per request on ${p.route}`,
        route: p.route,
        ...(p.fingerprint !== undefined ? { fingerprint: p.fingerprint } : {}),
        evidence: [
          { label: 'requests affected', value: p.occurrences },
          { label: 'share of the route’s requests', value: round(affected * 100), unit: '%' },
          { label: 'repeats per request (mean)', value: round(repeats) },
          { label: 'repeats per request (max)', value: p.maxima.repeats ?? 0 },
          {
            label: 'time in the repeated query per affected request',
            value: ms((p.sums.totalNs ?? 0) / p.occurrences),
            unit: 'ms',
          },
          ...(p.call ? [{ label: 'call', value: p.call }] : []),
          ...(p.label !== '' ? [{ label: 'after the source query', value: p.label }] : []),
        ],
        impact: impactOf(p.savedNs, route),
        suggestion: p.call
          ? 'Fetch the items in one request (a batch endpoint or a query parameter listing the ids) instead of one call per item, or cache the responses.'
          : 'Fetch the rows in one query (WHERE id IN (…) / = ANY($1), a JOIN, or $in for MongoDB) instead of one query per item, or use the ORM’s eager loading / a DataLoader.',
        sampleTraceIds: p.traces.ids(),
      };
    }
    const calls = (p.sums.calls ?? 0) / p.occurrences;
    return {
      kind: p.kind,
      title: `${Math.round(calls)} independent calls run one after another on ${p.route}`,
      route: p.route,
      evidence: [
        { label: 'requests affected', value: p.occurrences },
        { label: 'calls in sequence (mean)', value: round(calls) },
        {
          label: 'time in the sequence per affected request',
          value: ms((p.sums.totalNs ?? 0) / p.occurrences),
          unit: 'ms',
        },
        { label: 'calls', value: p.label },
      ],
      impact: impactOf(p.savedNs, route),
      suggestion:
        'These calls do not overlap and do not wait on each other’s results: issue them concurrently (Promise.all) or combine them into one round trip.',
      sampleTraceIds: p.traces.ids(),
    };
  });
}

/** Stages whose time is waiting (for a pooled connection, in front of the app), not work. */
const WAITING_STAGES = new Set(['queue', 'proxy']);

/**
 * A shape's share of the route's work: its share of the route's time with the waiting stages taken out.
 * Dominance is judged against work, because once a resource saturates the waiting it causes grows
 * with load and would hide the very shape that holds the resource (a slow query on a one-connection
 * pool makes every request wait for it).
 */
export function shareOfService(share: number, route: RouteSummary): number {
  const waitingShare = route.stages
    .filter((s) => WAITING_STAGES.has(s.stage))
    .reduce((sum, s) => sum + s.share, 0);
  const work = 1 - waitingShare;
  return work > 0 ? Math.min(1, share / work) : share;
}

/** slow-query findings: shapes slower than the slow-query threshold, and shapes dominating a route's work. */
export function slowQueryFindings(
  queries: QueryShape[],
  routes: Map<string, RouteSummary>,
  t: PatternThresholds,
  /** True when the shape repeats as an N+1 on the route: its dominance is reported there. */
  isRepeated: (route: string, fingerprint: string) => boolean = () => false,
): DraftFinding[] {
  const out: DraftFinding[] = [];
  for (const q of queries) {
    const slow = q.p95Ms >= t.slowQueryMs;
    for (const r of q.routes) {
      const route = routes.get(r.route);
      const serviceShare = route ? shareOfService(r.share, route) : r.share;
      const perRequestMs = route ? r.share * route.meanMs : 0;
      const dominant = serviceShare >= t.dominantShare && perRequestMs >= t.dominantMinMs;
      if (!slow && (!dominant || isRepeated(r.route, q.fingerprint))) continue;
      const shapeMs = route ? perRequestMs * route.count : 0;
      out.push({
        kind: 'slow-query',
        title: slow
          ? `Slow query (p95 ${formatMs(q.p95Ms)}) on ${r.route}`
          : serviceShare > r.share
            ? `One query shape takes ${Math.round(serviceShare * 100)} % of the work of ${r.route}`
            : `One query shape takes ${Math.round(r.share * 100)} % of ${r.route}`,
        route: r.route,
        fingerprint: q.fingerprint,
        evidence: [
          { label: 'calls', value: r.count },
          { label: 'p50', value: round(q.p50Ms), unit: 'ms' },
          { label: 'p95', value: round(q.p95Ms), unit: 'ms' },
          { label: 'max', value: round(q.maxMs), unit: 'ms' },
          { label: 'share of the route’s time', value: round(r.share * 100), unit: '%' },
          ...(serviceShare > r.share
            ? [
                {
                  label: 'share of the route’s work (waiting excluded)',
                  value: round(serviceShare * 100),
                  unit: '%',
                },
              ]
            : []),
        ],
        // Upper bound: the shape's whole time on this route; an index usually recovers most of it.
        impact: impactOf(shapeMs * 1e6, route),
        suggestion:
          'Check the plan (loadlens analyze --explain <database url>): a sequential scan or COLLSCAN here wants an index on the filter fields, then the sort fields.',
        sampleTraceIds: q.sampleTraceIds,
      });
    }
  }
  return out;
}
