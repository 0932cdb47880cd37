// Failed requests per route, kind of failure (HTTP 5xx status, error.type, error status) and cause (the
// failing span's database error or exception message, scrubbed of values).
import type { Finding, RouteSummary } from '@loadlens/types';
import type { RequestFacts } from '../request-facts.ts';
import type { Occurrence, PatternTotal } from './occurrence.ts';

/** The request's failure as an occurrence, or nothing when it succeeded. */
export function errorOccurrence(request: RequestFacts): Occurrence | undefined {
  if (!request.error) return undefined;
  const kind = request.errorKind ?? 'error';
  const cause = request.errorCause;
  return {
    kind: 'errors',
    route: request.route,
    // Grouped by cause: a unique violation and a timeout on the same route are two problems.
    key: cause === undefined || cause === kind ? kind : `${kind}\u0000${cause}`,
    label: cause === undefined || cause === kind ? kind : `${kind}: ${cause}`,
    savedNs: request.durationNs,
    sums: { durationNs: request.durationNs },
    traceId: request.traceId,
  };
}

export function errorFindings(
  totals: PatternTotal[],
  routes: Map<string, RouteSummary>,
): Omit<Finding, 'id' | 'severity'>[] {
  return totals.map((p) => {
    const cause = p.key.split('\u0000')[1];
    const route = routes.get(p.route);
    const count = route?.count ?? p.occurrences;
    const rate = count > 0 ? p.occurrences / count : 0;
    return {
      kind: 'errors',
      title: `${Math.round(rate * 1000) / 10} % of ${p.route} fail (${p.label})`,
      route: p.route,
      evidence: [
        { label: 'failed requests', value: p.occurrences },
        { label: 'requests', value: count },
        { label: 'error rate', value: Math.round(rate * 10000) / 100, unit: '%' },
        { label: 'failure', value: p.label },
        ...(cause === undefined ? [] : [{ label: 'cause', value: cause }]),
      ],
      // A failed request is all lost time for its user: its whole duration is what a fix saves.
      impact: {
        msPerRequest: count > 0 ? p.savedNs / count / 1e6 : 0,
        share: Math.min(1, rate),
        totalMs: p.savedNs / 1e6,
      },
      suggestion:
        cause === undefined
          ? 'Open a sample trace: the failing span and its status say where the error starts.'
          : `The failing span says: ${cause}. Its sample traces carry the full message (values removed here).`,
      sampleTraceIds: p.traces.ids(),
    };
  });
}
