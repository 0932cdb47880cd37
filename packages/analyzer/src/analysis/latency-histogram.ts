// HDR histograms of durations in microseconds: percentiles without keeping samples, mergeable, and
// encodable into the report so `compare` can test two distributions against each other.
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

export type { Histogram };

/**
 * A histogram for latencies in µs. 2 significant digits (≤ 1 % error per value) keeps each one a few
 * KB; autoResize covers anything from 1 µs to hours.
 */
export function createLatencyHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    numberOfSignificantValueDigits: 2,
    useWebAssembly: false,
  });
}

/** Records a duration given in nanoseconds. */
export function recordNs(histogram: Histogram, ns: number, count = 1): void {
  const us = Math.max(0, Math.round(ns / 1000));
  if (count === 1) histogram.recordValue(us);
  else histogram.recordValueWithCount(us, count);
}

/** A percentile (0–100) in milliseconds. */
export function percentileMs(histogram: Histogram, percentile: number): number {
  if (histogram.totalCount === 0) return 0;
  // HDR reports the top of the value's bucket; never above the largest value actually recorded.
  return Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue) / 1000;
}

export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram written by encodeHistogram or by the workload engine (µs values). */
export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 32, false);
}

/**
 * The distinct recorded values (µs, ascending) with their counts, for rank tests.
 * @example for (const [value, count] of recordedValues(h)) …
 */
export function recordedValues(histogram: Histogram): Array<[number, number]> {
  // Reaches into the JS implementation's counts array: the library's iterators are not exported.
  const h = histogram as unknown as {
    countsArrayLength: number;
    getCountAtIndex(i: number): number;
    valueFromIndex(i: number): number;
  };
  const out: Array<[number, number]> = [];
  for (let i = 0; i < h.countsArrayLength; i++) {
    const count = h.getCountAtIndex(i);
    if (count > 0) out.push([h.valueFromIndex(i), count]);
  }
  return out;
}
