// The table `loadlens run` prints at the end: per operation, offered vs achieved rate, outcomes and the
// corrected latency next to the uncorrected one (so the gap coordinated omission hides is visible).
import { errorCount } from '@loadlens/run-stats';
import { formatRate, type RunResult } from '@loadlens/types';

function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)}s`;
  return value >= 100 ? `${Math.round(value)}ms` : `${value.toFixed(1)}ms`;
}

/** Rows for formatTable: a header and one row per operation. */
export function runSummaryRows(result: RunResult): string[][] {
  const rows = [
    ['operation', 'target', 'achieved', 'ok', 'errors', 'dropped', 'p50', 'p99', 'p99.9', 'p99 uncorr.'],
  ];
  for (const op of result.operations) {
    const c = op.latencyMs.corrected;
    rows.push([
      op.name,
      formatRate(op.targetRate),
      formatRate(op.achievedRate),
      String(op.ok),
      String(errorCount(op.errors)),
      String(op.dropped),
      ms(c.p50),
      ms(c.p99),
      ms(c.p999),
      ms(op.latencyMs.uncorrected.p99),
    ]);
  }
  return rows;
}

/** One line per failed SLO check, e.g. `SLO failed: visit p99Ms 812.3 > 500`. */
export function failedSloLines(result: RunResult): string[] {
  return (result.slo?.checks ?? [])
    .filter((c) => !c.passed)
    .map((c) => `SLO failed: ${c.operation} ${c.metric} ${+c.actual.toFixed(4)} > ${c.threshold}`);
}
