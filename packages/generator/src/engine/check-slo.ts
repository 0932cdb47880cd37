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
    const terms: ReadonlyArray<
      readonly [metric: string, threshold: number | undefined, actual: () => number]
    > = [
      ...PERCENTILES.map((p) => [`${p}Ms`, slo.latencyMs[p], () => op.latencyMs.corrected[p]] as const),
      ['errorRate', slo.errorRate, () => errorRate(op)],
      ['droppedRate', slo.droppedRate, () => droppedRate(op)],
    ];
    for (const [metric, threshold, read] of terms) {
      if (threshold === undefined) continue;
      const actual = read();
      checks.push({ operation: op.name, metric, threshold, actual, passed: actual <= threshold });
    }
  }
  return checks;
}
