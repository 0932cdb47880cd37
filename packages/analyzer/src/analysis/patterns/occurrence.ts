// A pattern seen in one request, and the running total of the same pattern (kind + route + key) over all
// requests — the raw material of a finding.
import type { FindingKind } from '@loadlens/types';
import { createTraceSampler, SAMPLE_TRACES, type TraceSampler } from '../trace-sampler.ts';

export interface Occurrence {
  kind: FindingKind;
  route: string;
  /** What makes two occurrences the same problem: a shape id, a call sequence. */
  key: string;
  /** The query shape, when the pattern is about one (already literal-free). */
  fingerprint?: string;
  /** An outbound HTTP call the pattern is about (method, host, templated path), when not a query. */
  call?: string;
  /** A short literal-free description of what repeats, e.g. the calls of a sequence. */
  label: string;
  /** Time a fix would have saved in this request. */
  savedNs: number;
  /** Numbers summed over occurrences (e.g. repeats, spans' total time). */
  sums: Record<string, number>;
  traceId: string;
}

export interface PatternTotal {
  kind: FindingKind;
  route: string;
  key: string;
  fingerprint?: string;
  call?: string;
  label: string;
  occurrences: number;
  savedNs: number;
  sums: Record<string, number>;
  maxima: Record<string, number>;
  traces: TraceSampler;
}

/**
 * Collects occurrences into totals keyed by kind, route and key.
 * @example const totals = createPatternTotals(); totals.add(occurrence); totals.all()
 */
export function createPatternTotals() {
  const totals = new Map<string, PatternTotal>();
  return {
    add: function addOccurrence(o: Occurrence): void {
      const id = `${o.kind}\u0000${o.route}\u0000${o.key}`;
      let t = totals.get(id);
      if (t === undefined) {
        t = {
          kind: o.kind,
          route: o.route,
          key: o.key,
          ...(o.fingerprint !== undefined ? { fingerprint: o.fingerprint } : {}),
          ...(o.call !== undefined ? { call: o.call } : {}),
          label: o.label,
          occurrences: 0,
          savedNs: 0,
          sums: {},
          maxima: {},
          traces: createTraceSampler(SAMPLE_TRACES),
        };
        totals.set(id, t);
      }
      t.occurrences++;
      t.savedNs += o.savedNs;
      for (const [k, v] of Object.entries(o.sums)) {
        t.sums[k] = (t.sums[k] ?? 0) + v;
        t.maxima[k] = Math.max(t.maxima[k] ?? 0, v);
      }
      t.traces.offer(o.savedNs, o.traceId);
    },
    all: function allTotals(): PatternTotal[] {
      return [...totals.values()];
    },
  };
}
