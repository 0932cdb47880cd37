// The one setting and codec of every latency histogram loadlens keeps: the workload engine records
// run latencies in them, the analyzer records span durations in them, and both decode run.json's.
// One setting matters because histograms are merged: adding a 3-digit histogram into a 2-digit one
// re-buckets its values, so a phase's p99 read by `analyze --run` drifted from the one `run` printed.
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

export type { Histogram };

/**
 * Significant digits of every latency histogram: 3 is HdrHistogram's usual setting (values within
 * 0.1 %), fine enough that a percentile read back from run.json equals the one printed live.
 */
export const LATENCY_SIGNIFICANT_DIGITS = 3;
/** hdr-histogram-js bucket width; the encoding does not carry it, so decoding must use the same. */
const BIT_BUCKET_SIZE = 32;

/**
 * A histogram of durations in microseconds: 1 µs resolution floor, 60 s initial top, auto-resizing
 * beyond so a long queue is never clipped. The pure-JS implementation (no WebAssembly): it is what both
 * Node and Deno run the same way.
 */
export function createLatencyHistogram(): Histogram {
  return build({
    bitBucketSize: BIT_BUCKET_SIZE,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: LATENCY_SIGNIFICANT_DIGITS,
    autoResize: true,
    useWebAssembly: false,
  });
}

/** The hdr-histogram-js compressed base64 encoding (what HdrHistogram's other ports decode too). */
export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram written by encodeHistogram (run.json's `histograms`, a report's per route). */
export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, BIT_BUCKET_SIZE, false);
}

/** One histogram holding every value of `encoded` (e.g. all operations of a phase). */
export function mergeEncoded(encoded: Iterable<string>): Histogram {
  const merged = createLatencyHistogram();
  for (const e of encoded) merged.add(decodeHistogram(e));
  return merged;
}
