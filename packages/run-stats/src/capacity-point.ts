// A load phase as one point of the latency-vs-offered-rate curve: what `capacity` judges each step by
// and what `analyze --run` draws per phase of a run, so both print the same figures for the same data.
import type { CapacityPoint, OperationResult, RunResult } from '@loadlens/types';
import { mergeEncoded } from './latency-histogram.ts';
import { droppedRate, errorRate, totalCounters } from './outcome-rates.ts';
import { percentileMs } from './read-percentile.ts';

/**
 * The point of a set of operations measured together at `offeredRate` (req/s asked for): latency from
 * their merged *corrected* histograms (coordinated omission included), rates from their summed counters.
 */
export function capacityPoint(operations: readonly OperationResult[], offeredRate: number): CapacityPoint {
  const latency = mergeEncoded(operations.map((op) => op.histograms.corrected));
  const counters = totalCounters(operations);
  return {
    offeredRate,
    achievedRate: operations.reduce((sum, op) => sum + op.achievedRate, 0),
    p50Ms: percentileMs(latency, 50),
    p95Ms: percentileMs(latency, 95),
    p99Ms: percentileMs(latency, 99),
    errorRate: errorRate(counters),
    droppedRate: droppedRate(counters),
  };
}

/** The capacity curve of a run: one point per load phase. */
export function phasePoints(run: Pick<RunResult, 'phases'>): CapacityPoint[] {
  return run.phases.map((phase) => capacityPoint(phase.operations, phase.targetRate));
}
