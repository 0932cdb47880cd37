// Builds run results (run.json contents) for unit tests: phases at given offered rates, each operation's
// latency as a real encoded HDR histogram of the given values.
import { type OperationResult, RUN_RESULT_SCHEMA, type RunResult } from '@loadlens/types';
import { createLatencyHistogram, encodeHistogram, percentileMs } from '../src/analysis/latency-histogram.ts';
import { EPOCH_NS } from './crafted-traces.ts';

export function craftOperation(
  name: string,
  latenciesMs: number[],
  rate: number,
  errors = 0,
): OperationResult {
  const h = createLatencyHistogram();
  for (const ms of latenciesMs) h.recordValue(Math.round(ms * 1000));
  const summary = {
    count: latenciesMs.length,
    mean: h.mean / 1000,
    p50: percentileMs(h, 50),
    p90: percentileMs(h, 90),
    p95: percentileMs(h, 95),
    p99: percentileMs(h, 99),
    p999: percentileMs(h, 99.9),
    max: h.maxValue / 1000,
  };
  const encoded = encodeHistogram(h);
  return {
    name,
    method: 'GET',
    route: `/${name}`,
    targetRate: rate,
    achievedRate: rate,
    scheduled: latenciesMs.length,
    sent: latenciesMs.length,
    completed: latenciesMs.length,
    ok: latenciesMs.length - errors,
    dropped: 0,
    errors: { timeout: 0, refused: 0, reset: 0, http4xx: 0, http5xx: errors, other: 0 },
    latencyMs: { corrected: summary, uncorrected: summary },
    histograms: { corrected: encoded, uncorrected: encoded },
  };
}

/** A run starting at the crafted traces' epoch, one phase per entry, each `phaseMs` long. */
export function craftRun(
  phases: Array<{ rate: number; latenciesMs: number[] }>,
  phaseMs = 10_000,
  labels: Record<string, string> = {},
): RunResult {
  const start = new Date(EPOCH_NS / 1e6).toISOString();
  const ops = phases.map((p) => craftOperation('trips', p.latenciesMs, p.rate));
  return {
    schema: RUN_RESULT_SCHEMA,
    id: 'run-1',
    workload: { name: 'trips', seed: 1, spec: {} },
    target: 'http://127.0.0.1:3000',
    versions: {},
    machine: { platform: 'linux', cpus: 2, memoryBytes: 4e9 },
    startedAt: start,
    endedAt: new Date(EPOCH_NS / 1e6 + phases.length * phaseMs).toISOString(),
    durationMs: phases.length * phaseMs,
    partial: false,
    stopReason: 'completed',
    phases: phases.map((p, i) => ({
      name: `${p.rate}/s`,
      startMs: i * phaseMs,
      endMs: (i + 1) * phaseMs,
      targetRate: p.rate,
      operations: [ops[i] as OperationResult],
    })),
    operations: ops,
    resources: [],
    labels,
  };
}

/** n values spread evenly over [lo, hi] in a fixed shuffled order: a repeatable "noisy" sample. */
export function spread(n: number, lo: number, hi: number, seed = 1): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(lo + ((hi - lo) * x) / 2147483648);
  }
  return out;
}
