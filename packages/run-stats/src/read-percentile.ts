// Reading latency out of a histogram: the percentile rule every printed figure follows.
import type { LatencySummary } from '@loadlens/types';
import { decodeHistogram, type Histogram } from './latency-histogram.ts';

const US_PER_MS = 1000;

/**
 * A percentile (0–100) in milliseconds; 0 for an empty histogram.
 *
 * HdrHistogram answers with the top of the value's bucket, which can lie above anything recorded (four
 * calls of 1250 ms read "p50 1250.3 ms, max 1250 ms"); a percentile is clamped to the histogram's max so
 * that it never exceeds the largest value. The max of a decoded histogram is itself a bucket top, so
 * figures meant to be recomputed from run.json are read from the decoded form (summarizeEncoded).
 */
export function percentileMs(histogram: Histogram, percentile: number): number {
  if (histogram.totalCount === 0) return 0;
  return Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue) / US_PER_MS;
}

/** The percentiles a run result stores, in milliseconds; all zero when the histogram is empty. */
export function summarizeLatency(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  return {
    count,
    mean: histogram.mean / US_PER_MS,
    p50: percentileMs(histogram, 50),
    p90: percentileMs(histogram, 90),
    p95: percentileMs(histogram, 95),
    p99: percentileMs(histogram, 99),
    p999: percentileMs(histogram, 99.9),
    max: histogram.maxValue / US_PER_MS,
  };
}

/**
 * The summary of an encoded histogram, as anyone reading run.json recomputes it. The workload engine
 * writes these rather than the summary of its live histogram, whose exact max would clamp the top
 * percentiles differently (by up to 0.1 %): `run`, `capacity`, `analyze --run` and `compare` then
 * print the same p99 for the same run.
 */
export function summarizeEncoded(encoded: string): LatencySummary {
  return summarizeLatency(decodeHistogram(encoded));
}
