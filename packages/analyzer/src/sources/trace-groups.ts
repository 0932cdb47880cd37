// Groups spans that arrive in any order into whole traces. A trace is handed out once and then
// dropped from the map, so memory falls as the analysis consumes the traces.
import type { NormalizedSpan } from '@loadlens/types';

export interface TraceGroups {
  add(span: NormalizedSpan): void;
  /** Yields each trace once, in first-seen order, forgetting it as it goes. */
  drain(): Generator<NormalizedSpan[]>;
  readonly spanCount: number;
}

export function createTraceGroups(): TraceGroups {
  const byTrace = new Map<string, NormalizedSpan[]>();
  let spanCount = 0;
  return {
    add: function addSpan(span) {
      const group = byTrace.get(span.traceId);
      if (group) group.push(span);
      else byTrace.set(span.traceId, [span]);
      spanCount++;
    },
    drain: function* drainTraces() {
      for (const [traceId, spans] of byTrace) {
        byTrace.delete(traceId);
        yield spans;
      }
    },
    get spanCount() {
      return spanCount;
    },
  };
}
