// Counters and HDR latency histograms of one operation in one phase: what the run result, the progress
// lines and the metrics endpoint are all computed from. Never an array of per-request samples.
import type { ErrorCounts, LatencySummary } from '@loadlens/types';
import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

export const ERROR_CLASSES = ['timeout', 'refused', 'reset', 'http4xx', 'http5xx', 'other'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];
/** Index of each class in OperationStats.errors (a plain array keeps the hot path to one increment). */
export const ErrorIndex = { timeout: 0, refused: 1, reset: 2, http4xx: 3, http5xx: 4, other: 5 } as const;

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/**
 * A latency histogram in microseconds. 3 significant digits (HdrHistogram's usual setting: 0.1 % value
 * error); 60 s as the initial top, auto-resizing beyond so a long queue is never clipped.
 */
export function createLatencyHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

export interface OperationStats {
  scheduled: number;
  sent: number;
  completed: number;
  ok: number;
  dropped: number;
  /** Indexed by ErrorIndex. */
  errors: number[];
  /** Responses by status class, indexed 1xx..5xx → 0..4. */
  statusClasses: number[];
  /** Microseconds from the intended send time (corrected for coordinated omission). */
  corrected: Histogram;
  /** Microseconds from the actual send. */
  uncorrected: Histogram;
}

/** The counters of OperationStats, without the histograms. */
export type OperationCounts = Omit<OperationStats, 'corrected' | 'uncorrected'>;

export function emptyCounts(): OperationCounts {
  return {
    scheduled: 0,
    sent: 0,
    completed: 0,
    ok: 0,
    dropped: 0,
    errors: [0, 0, 0, 0, 0, 0],
    statusClasses: [0, 0, 0, 0, 0],
  };
}

export function createOperationStats(): OperationStats {
  return { ...emptyCounts(), corrected: createLatencyHistogram(), uncorrected: createLatencyHistogram() };
}

/** Adds the counters of `from` into `into`. */
export function addCounts(into: OperationCounts, from: OperationCounts): void {
  into.scheduled += from.scheduled;
  into.sent += from.sent;
  into.completed += from.completed;
  into.ok += from.ok;
  into.dropped += from.dropped;
  for (let i = 0; i < into.errors.length; i++) into.errors[i] = (into.errors[i] ?? 0) + (from.errors[i] ?? 0);
  for (let i = 0; i < into.statusClasses.length; i++)
    into.statusClasses[i] = (into.statusClasses[i] ?? 0) + (from.statusClasses[i] ?? 0);
}

/** Adds `from` into `into` (counters and histograms). */
export function mergeOperationStats(into: OperationStats, from: OperationStats): void {
  addCounts(into, from);
  into.corrected.add(from.corrected);
  into.uncorrected.add(from.uncorrected);
}

export function errorCountsOf(stats: OperationStats): ErrorCounts {
  const counts = {} as ErrorCounts;
  for (const [i, name] of ERROR_CLASSES.entries()) counts[name] = stats.errors[i] ?? 0;
  return counts;
}

export function totalErrors(stats: OperationStats): number {
  return stats.errors.reduce((sum, n) => sum + n, 0);
}

const US_PER_MS = 1000;

/** Percentiles in milliseconds from a microsecond histogram; all zero when it is empty. */
export function summarizeLatency(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const at = (p: number) => histogram.getValueAtPercentile(p) / US_PER_MS;
  return {
    count,
    mean: histogram.mean / US_PER_MS,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: histogram.maxValue / US_PER_MS,
  };
}

/** The hdr-histogram-js compressed base64 encoding (what HdrHistogram's other ports decode too). */
export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}
