// Judges one capacity step (a short constant-rate run): its point on the latency-vs-load curve and the
// failure mode, if any, that rules the rate out.
import type { CapacityPoint, FailureMode, ResolvedSlo, RunResult } from '@loadlens/types';
import { decodeFromCompressedBase64, type Histogram } from 'hdr-histogram-js';
import { createLatencyHistogram } from '../engine/operation-stats.ts';

/** Drops above 1 % end the search whatever the SLO says (issue 8: "dropped requests > 1 %"). */
export const DEFAULT_MAX_DROPPED = 0.01;
/** Refused connections above 1 % of sent requests mean the server stopped accepting: its own failure mode. */
export const DEFAULT_MAX_REFUSED = 0.01;

export interface StepVerdict {
  point: CapacityPoint;
  failure: Exclude<FailureMode, 'none'> | undefined;
  detail: string | undefined;
}

function mergedCorrected(run: RunResult): Histogram {
  const merged = createLatencyHistogram();
  for (const op of run.operations) {
    const h = decodeFromCompressedBase64(op.histograms.corrected);
    merged.add(h);
  }
  return merged;
}

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

/**
 * Order of the checks: dropped, refused, errors, then latency — a server that refuses connections also
 * shows "errors", and the more specific cause is the one worth reporting.
 */
export function judgeStep(run: RunResult, slo: ResolvedSlo): StepVerdict {
  let scheduled = 0;
  let sent = 0;
  let dropped = 0;
  let errors = 0;
  let refused = 0;
  let offered = 0;
  let achieved = 0;
  for (const op of run.operations) {
    scheduled += op.scheduled;
    sent += op.sent;
    dropped += op.dropped;
    refused += op.errors.refused;
    errors += Object.values(op.errors).reduce((a, b) => a + b, 0);
    offered += op.targetRate;
    achieved += op.achievedRate;
  }
  const latency = mergedCorrected(run);
  const at = (p: number) => (latency.totalCount === 0 ? 0 : latency.getValueAtPercentile(p) / 1000);
  const errorRate = sent === 0 ? 0 : errors / sent;
  const droppedRate = scheduled === 0 ? 0 : dropped / scheduled;
  const refusedRate = sent === 0 ? 0 : refused / sent;
  const point: CapacityPoint = {
    offeredRate: offered,
    achievedRate: achieved,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    errorRate: Math.min(1, errorRate),
    droppedRate: Math.min(1, droppedRate),
  };
  let failure: StepVerdict['failure'];
  let detail: string | undefined;
  const maxDropped = slo.droppedRate ?? DEFAULT_MAX_DROPPED;
  const maxErrors = slo.errorRate ?? DEFAULT_MAX_REFUSED;
  if (droppedRate > maxDropped) {
    failure = 'dropped';
    detail = `${pct(droppedRate)} of requests dropped (client queue full) > ${pct(maxDropped)}`;
  } else if (refusedRate > Math.min(maxErrors, DEFAULT_MAX_REFUSED) || run.stopReason === 'target-died') {
    failure = 'refused';
    detail = `${pct(refusedRate)} of connections refused${run.stopReason === 'target-died' ? ' (target died)' : ''}`;
  } else if (errorRate > maxErrors) {
    failure = 'errors';
    detail = `errors ${pct(errorRate)} > ${pct(maxErrors)}`;
  } else {
    for (const [name, threshold] of Object.entries(slo.latencyMs)) {
      const actual = at(name === 'p999' ? 99.9 : Number(name.slice(1)));
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
