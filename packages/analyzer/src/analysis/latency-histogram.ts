// What the analyzer adds to the shared latency histograms (@loadlens/run-stats owns their setting,
// codec and percentile rule): recording span durations given in nanoseconds, and reading the recorded
// values back out for rank tests.
import type { Histogram } from '@loadlens/run-stats';

/** Records a duration given in nanoseconds (the histograms hold microseconds). */
export function recordNs(histogram: Histogram, ns: number, count = 1): void {
  const us = Math.max(0, Math.round(ns / 1000));
  if (count === 1) histogram.recordValue(us);
  else histogram.recordValueWithCount(us, count);
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
