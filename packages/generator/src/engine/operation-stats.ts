// Counters and HDR latency histograms of one operation in one phase: what the run result, the progress
// lines and the metrics endpoint are all computed from. Never an array of per-request samples.
import { createLatencyHistogram, type Histogram } from '@loadlens/run-stats';
import type { ErrorCounts } from '@loadlens/types';

export const ERROR_CLASSES = ['timeout', 'refused', 'reset', 'http4xx', 'http5xx', 'other'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];
/** Index of each class in OperationStats.errors (a plain array keeps the hot path to one increment). */
export const ErrorIndex = { timeout: 0, refused: 1, reset: 2, http4xx: 3, http5xx: 4, other: 5 } as const;

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

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
