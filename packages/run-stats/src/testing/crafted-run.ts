// Builds run results (run.json contents) for tests in any package: phases at given offered rates, each
// operation's latency as a real encoded HDR histogram of the given values, summarized by the same rule
// the workload engine uses — so a crafted run reads exactly as a recorded one.
import { type OperationResult, RUN_RESULT_SCHEMA, type RunResult } from '@loadlens/types';
import { createLatencyHistogram, encodeHistogram, type Histogram } from '../latency-histogram.ts';
import { summarizeEncoded } from '../read-percentile.ts';

/** Where crafted runs (and the analyzer's crafted traces) start: a fixed instant for readable tests. */
export const CRAFTED_EPOCH_NS = Date.parse('2026-01-01T00:00:00Z') * 1e6;

/**
 * A latency histogram holding `latenciesMs` (recorded in µs, as the engine records them).
 * @example percentileMs(latencyHistogramOf([5, 6, 40]), 50) // 6
 */
export function latencyHistogramOf(latenciesMs: readonly number[]): Histogram {
  const h = createLatencyHistogram();
  for (const ms of latenciesMs) h.recordValue(Math.round(ms * 1000));
  return h;
}

/**
 * One operation that sent one request per latency value, `errors` of them answered 5xx.
 * @example craftOperation('trips', [12, 15, 40], 10)
 */
export function craftOperation(
  name: string,
  latenciesMs: number[],
  rate: number,
  errors = 0,
): OperationResult {
  const encoded = encodeHistogram(latencyHistogramOf(latenciesMs));
  const summary = summarizeEncoded(encoded);
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

export interface CraftedPhase {
  rate: number;
  latenciesMs: number[];
  /** Requests of the phase answered 5xx (default 0). */
  errors?: number;
}

/**
 * A run starting at CRAFTED_EPOCH_NS, one phase per entry, each `phaseMs` long, one operation "trips".
 * The whole-run operation totals are the phases' values merged, as the engine writes them.
 * @example craftRun([{ rate: 10, latenciesMs: spread(100, 5, 9) }, { rate: 20, latenciesMs: spread(100, 5, 40) }])
 */
export function craftRun(
  phases: CraftedPhase[],
  phaseMs = 10_000,
  labels: Record<string, string> = {},
): RunResult {
  const start = new Date(CRAFTED_EPOCH_NS / 1e6).toISOString();
  const ops = phases.map((p) => craftOperation('trips', p.latenciesMs, p.rate, p.errors ?? 0));
  const durationMs = phases.length * phaseMs;
  const all = phases.flatMap((p) => p.latenciesMs);
  const total = craftOperation(
    'trips',
    all,
    all.length / Math.max(1e-9, durationMs / 1000),
    phases.reduce((sum, p) => sum + (p.errors ?? 0), 0),
  );
  // The whole run offered each phase's rate for the phase's share of the time.
  total.targetRate = phases.reduce((sum, p) => sum + p.rate, 0) / Math.max(1, phases.length);
  return {
    schema: RUN_RESULT_SCHEMA,
    id: 'run-1',
    workload: { name: 'trips', seed: 1, spec: {} },
    target: 'http://127.0.0.1:3000',
    versions: {},
    machine: { platform: 'linux', cpus: 2, memoryBytes: 4e9 },
    startedAt: start,
    endedAt: new Date(CRAFTED_EPOCH_NS / 1e6 + durationMs).toISOString(),
    durationMs,
    partial: false,
    stopReason: 'completed',
    phases: phases.map((p, i) => ({
      name: `${p.rate}/s`,
      startMs: i * phaseMs,
      endMs: (i + 1) * phaseMs,
      targetRate: p.rate,
      operations: [ops[i] as OperationResult],
    })),
    operations: phases.length === 1 ? ops : [total],
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
