// Fixed-bucket histograms in Prometheus's cumulative form, and the bucket bounds loadlens exposes.

/**
 * The OpenTelemetry Collector spanmetrics connector's default explicit buckets, in ms
 * (connector/spanmetricsconnector config.go defaultHistogramBucketsMs), so dashboards built for a
 * stock Collector read loadlens's histograms the same way.
 */
export const SPANMETRICS_BUCKETS_MS: readonly number[] = [
  2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000,
];

/**
 * Buckets of loadlens's own stage and query histograms: the Prometheus client default (5 ms … 10 s)
 * extended below a millisecond, where the proxy's own stage and fast indexed queries live.
 */
export const STAGE_BUCKETS_MS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

export class Histogram {
  readonly bounds: readonly number[];
  /** Per-bucket (non-cumulative) counts; the last slot is +Inf. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    // A linear scan: 16 bounds, most observations land in the first few — cheaper than a binary search.
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count += 1;
  }

  /** Adds another histogram with the same bounds (an app's cumulative snapshot). */
  add(counts: readonly number[], sum: number, count: number): void {
    for (let i = 0; i < this.counts.length; i++)
      this.counts[i] = (this.counts[i] as number) + (counts[i] ?? 0);
    this.sum += sum;
    this.count += count;
  }
}
