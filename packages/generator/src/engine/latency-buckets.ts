// Cumulative-histogram buckets for the Prometheus `loadlens_load_latency_seconds` metric. Kept beside the
// HDR histograms because Prometheus needs fixed `le` bounds that are cheap to render at every scrape.

/**
 * Upper bounds in seconds: the Prometheus client libraries' default buckets (5 ms … 10 s) with 1 ms, 2.5 ms
 * and 30 s added so fast services and long stalls both land in a finite bucket.
 */
export const LATENCY_BOUNDS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
] as const;

const BOUNDS_US = LATENCY_BOUNDS_SECONDS.map((s) => s * 1e6);
const WIDTH = BOUNDS_US.length + 1;

export interface LatencyBuckets {
  /** counts[(op * 2 + measure) * (bounds + 1) + bucket]; measure 0 corrected, 1 uncorrected; last = +Inf. */
  readonly counts: Float64Array;
  /** Sum of values in seconds, [op * 2 + measure]. */
  readonly sums: Float64Array;
  record(op: number, measure: 0 | 1, micros: number): void;
  /** Cumulative count at or below bound `bucket` (the `le` semantics), `bucket` = bounds length → +Inf. */
  cumulative(op: number, measure: 0 | 1, bucket: number): number;
}

export function createLatencyBuckets(operations: number): LatencyBuckets {
  const counts = new Float64Array(operations * 2 * WIDTH);
  const sums = new Float64Array(operations * 2);

  function record(op: number, measure: 0 | 1, micros: number): void {
    // A linear scan over 14 bounds beats a binary search at this size and allocates nothing.
    let bucket = 0;
    while (bucket < BOUNDS_US.length && micros > (BOUNDS_US[bucket] as number)) bucket++;
    const row = (op * 2 + measure) * WIDTH;
    counts[row + bucket] = (counts[row + bucket] as number) + 1;
    sums[op * 2 + measure] = (sums[op * 2 + measure] as number) + micros / 1e6;
  }

  function cumulative(op: number, measure: 0 | 1, bucket: number): number {
    const row = (op * 2 + measure) * WIDTH;
    let total = 0;
    for (let i = 0; i <= bucket; i++) total += counts[row + i] as number;
    return total;
  }

  return { counts, sums, record, cumulative };
}
