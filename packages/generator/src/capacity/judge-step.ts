// Judges one capacity step (a short constant-rate run): its point on the latency-vs-load curve and the
// failure mode, if any, that rules the rate out.
import { capacityPoint, mergeEncoded, percentileMs, refusedRate, totalCounters } from '@loadlens/run-stats';
import type { CapacityPoint, FailureMode, ResolvedSlo, RunResult } from '@loadlens/types';

/** Drops above 1 % end the search whatever the SLO says (issue 8: "dropped requests > 1 %"). */
export const DEFAULT_MAX_DROPPED = 0.01;
/** Refused connections above 1 % of sent requests mean the server stopped accepting: its own failure mode. */
export const DEFAULT_MAX_REFUSED = 0.01;

export interface StepVerdict {
  point: CapacityPoint;
  failure: Exclude<FailureMode, 'none'> | undefined;
  detail: string | undefined;
}

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

/** The SLO's latency terms name percentiles: p50 … p99, and p999 for 99.9. */
const percentileOf = (name: string) => (name === 'p999' ? 99.9 : Number(name.slice(1)));

/**
 * Order of the checks: dropped, refused, errors, then latency — a server that refuses connections also
 * shows "errors", and the more specific cause is the one worth reporting.
 */
export function judgeStep(run: RunResult, slo: ResolvedSlo): StepVerdict {
  // The step's whole run is one constant-rate phase: its point is the one `analyze --run` would draw.
  const offered = run.operations.reduce((sum, op) => sum + op.targetRate, 0);
  const point: CapacityPoint = capacityPoint(run.operations, offered);
  const refused = refusedRate(totalCounters(run.operations));
  let failure: StepVerdict['failure'];
  let detail: string | undefined;
  const maxDropped = slo.droppedRate ?? DEFAULT_MAX_DROPPED;
  const maxErrors = slo.errorRate ?? DEFAULT_MAX_REFUSED;
  if (point.droppedRate > maxDropped) {
    failure = 'dropped';
    detail = `${pct(point.droppedRate)} of requests dropped (client queue full) > ${pct(maxDropped)}`;
  } else if (refused > Math.min(maxErrors, DEFAULT_MAX_REFUSED) || run.stopReason === 'target-died') {
    failure = 'refused';
    detail = `${pct(refused)} of connections refused${run.stopReason === 'target-died' ? ' (target died)' : ''}`;
  } else if (point.errorRate > maxErrors) {
    failure = 'errors';
    detail = `errors ${pct(point.errorRate)} > ${pct(maxErrors)}`;
  } else {
    const latency = mergeEncoded(run.operations.map((op) => op.histograms.corrected));
    for (const [name, threshold] of Object.entries(slo.latencyMs)) {
      const actual = percentileMs(latency, percentileOf(name));
      if (actual > threshold) {
        failure = 'latency';
        detail = `${name} ${Math.round(actual)}ms > ${threshold}ms`;
        break;
      }
    }
  }
  point.passed = failure === undefined;
  return { point, failure, detail };
}
