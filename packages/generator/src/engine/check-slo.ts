// Checks a run's per-operation results against the workload's SLO (corrected latency, error and drop rates).
import { droppedRate, errorRate } from '@loadlens/run-stats';
import type { OperationResult, ResolvedSlo, SloCheck } from '@loadlens/types';

const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;

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
      const actual = errorRate(op);
      checks.push({
        operation: op.name,
        metric: 'errorRate',
        threshold: slo.errorRate,
        actual,
        passed: actual <= slo.errorRate,
      });
    }
    if (slo.droppedRate !== undefined) {
      const actual = droppedRate(op);
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
