// The latency-vs-offered-rate curve of a run (one point per load phase, from the run's own corrected
// HDR histograms) and its knee.
import type { CapacityPoint, PhaseResult, RunResult } from '@loadlens/types';
import { createLatencyHistogram, decodeHistogram, percentileMs } from './latency-histogram.ts';

/**
 * The knee: the last offered rate before p99 exceeds twice its value at the lowest rate. Source: in an
 * M/M/1 queue the response time is S/(1−ρ), which doubles at 50 % utilization and climbs steeply after.
 */
const KNEE_FACTOR = 2;
/** The capacity curve of a run: one point per phase, latency from its operations' corrected histograms. */
export function capacityPoints(run: RunResult): CapacityPoint[] {
  return run.phases.map((phase) => pointOf(phase));
}

function pointOf(phase: PhaseResult): CapacityPoint {
  const merged = createLatencyHistogram();
  let completed = 0;
  let errors = 0;
  let dropped = 0;
  let scheduled = 0;
  let achieved = 0;
  for (const op of phase.operations) {
    merged.add(decodeHistogram(op.histograms.corrected));
    completed += op.completed;
    dropped += op.dropped;
    scheduled += op.scheduled;
    achieved += op.achievedRate;
    const e = op.errors;
    errors += e.timeout + e.refused + e.reset + e.http4xx + e.http5xx + e.other;
  }
  return {
    offeredRate: phase.targetRate,
    achievedRate: achieved,
    p50Ms: percentileMs(merged, 50),
    p95Ms: percentileMs(merged, 95),
    p99Ms: percentileMs(merged, 99),
    errorRate: completed + errors > 0 ? Math.min(1, errors / Math.max(completed, errors)) : 0,
    droppedRate: scheduled > 0 ? dropped / scheduled : 0,
  };
}

/** The knee rate of a curve (see KNEE_FACTOR), or undefined when latency never takes off. */
export function kneeRate(points: readonly CapacityPoint[]): number | undefined {
  const sorted = [...points].sort((a, b) => a.offeredRate - b.offeredRate);
  const base = sorted[0];
  if (base === undefined) return undefined;
  for (let i = 1; i < sorted.length; i++)
    if ((sorted[i] as CapacityPoint).p99Ms > KNEE_FACTOR * base.p99Ms)
      return (sorted[i - 1] as CapacityPoint).offeredRate;
  return undefined;
}
