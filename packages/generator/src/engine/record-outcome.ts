// Books a finished request into its phase's stats: status class, ok or error class, corrected and
// uncorrected latency (microseconds), the live window and the Prometheus buckets; captures values.
import type { Histogram } from '@loadlens/run-stats';
import type { CapturePool } from './capture-pool.ts';
import { classifyStatus, classifyTransportError } from './classify-error.ts';
import type { LatencyBuckets } from './latency-buckets.ts';
import type { OperationPlan } from './operation-plans.ts';
import type { OperationStats } from './operation-stats.ts';
import type { RequestSlot } from './request-slot.ts';

export function recordResponse(
  slot: RequestSlot,
  now: number,
  stats: OperationStats[][],
  plans: readonly OperationPlan[],
  windows: readonly Histogram[],
  buckets: LatencyBuckets | undefined,
  captured: CapturePool,
): void {
  const op = slot.op;
  const s = stats[slot.phase]![op]!;
  const plan = plans[op] as OperationPlan;
  s.completed++;
  const statusClass = Math.floor(slot.status / 100) - 1;
  if (statusClass >= 0 && statusClass < 5)
    s.statusClasses[statusClass] = (s.statusClasses[statusClass] as number) + 1;
  const error = classifyStatus(slot.status, plan.expected);
  if (error < 0) s.ok++;
  else s.errors[error] = (s.errors[error] as number) + 1;
  // Whole microseconds, at least 1 (HDR's lowest discernible value).
  const corrected = Math.max(1, Math.round((now - slot.intendedAt) * 1000));
  const uncorrected = Math.max(1, Math.round((now - slot.sentAt) * 1000));
  s.corrected.recordValue(corrected);
  s.uncorrected.recordValue(uncorrected);
  (windows[op] as Histogram).recordValue(corrected);
  if (buckets) {
    buckets.record(op, 0, corrected);
    buckets.record(op, 1, uncorrected);
  }
  if (slot.capturing && plan.capture) {
    const body = slot.takeBody();
    if (body !== undefined) captured.captureFrom(body, plan.capture);
  }
}

/** Books a transport failure; returns its ErrorIndex. */
export function recordFailure(slot: RequestSlot, error: Error, stats: OperationStats[][]): number {
  const index = classifyTransportError(error);
  const s = stats[slot.phase]![slot.op]!;
  s.errors[index] = (s.errors[index] as number) + 1;
  return index;
}
