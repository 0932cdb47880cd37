// Checks a run's per-operation results against the workload's SLO (corrected latency, error and drop rates).
import type { OperationResult, ResolvedSlo, SloCheck } from '@loadlens/types';

const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;

/** Failed requests (every error class) over requests sent. */
export function errorRateOf(op: Pick<OperationResult, 'errors' | 'sent'>): number {
  const errors = Object.values(op.errors).reduce((sum, n) => sum + n, 0);
  return op.sent === 0 ? 0 : errors / op.sent;
}

/** Dropped requests over requests the schedule asked for. */
export function droppedRateOf(op: Pick<OperationResult, 'dropped' | 'scheduled'>): number {
  return op.scheduled === 0 ? 0 : op.dropped / op.scheduled;
}

/**
 * One check per operation and SLO term; latency thresholds compare the corrected percentile (ms),
 * `errors`/`dropped` compare fractions. A check passes when actual ≤ threshold.
 * @example checkSlo(result.operations, { latencyMs: { p99: 500 }, errorRate: 0.01 })
 */
export function checkSlo(operations: readonly OperationResult[], slo: ResolvedSlo): SloCheck[] {
  const checks: SloCheck[] = [];
  for (const op of operations) {
    for (const p of PERCENTILES) {
      const threshold = slo.latencyMs[p];
      if (threshold === undefined) continue;
      const actual = op.latencyMs.corrected[p];
      checks.push({ operation: op.name, metric: `${p}Ms`, threshold, actual, passed: actual <= threshold });
    }
    if (slo.errorRate !== undefined) {
      const actual = errorRateOf(op);
      checks.push({
        operation: op.name,
        metric: 'errorRate',
        threshold: slo.errorRate,
        actual,
        passed: actual <= slo.errorRate,
      });
    }
    if (slo.droppedRate !== undefined) {
      const actual = droppedRateOf(op);
      checks.push({
        operation: op.name,
        metric: 'droppedRate',
        threshold: slo.droppedRate,
        actual,
        passed: actual <= slo.droppedRate,
      });
    }
  }
  return checks;
}
