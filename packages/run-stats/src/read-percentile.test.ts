import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeEncoded,
} from './latency-histogram.ts';
import { percentileMs, summarizeEncoded } from './read-percentile.ts';
import { latencyHistogramOf } from './testing/crafted-run.ts';

describe('percentiles', () => {
  it('never reads above the largest recorded value', () => {
    // HDR's bucket top for 1250 ms is 1250.3 ms; four equal calls must not read p50 > max.
    const h = latencyHistogramOf([1250, 1250, 1250, 1250]);
    expect(percentileMs(h, 50)).toBe(1250);
    expect(percentileMs(h, 99)).toBe(1250);
  });

  it('reads the same p99 from run.json’s encoded histogram as the run printed', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 5 + ((i * 7919) % 995));
    const encoded = encodeHistogram(latencyHistogramOf(values));
    const printed = summarizeEncoded(encoded);
    expect(percentileMs(decodeHistogram(encoded), 99)).toBe(printed.p99);
    // Merged with nothing else, a phase's curve point reads it too: one significant-digits setting.
    expect(percentileMs(mergeEncoded([encoded]), 99)).toBe(printed.p99);
    expect(printed.p99).toBeCloseTo(990, -1);
  });

  it('keeps 3 significant digits through encode, decode and merge', () => {
    // At 2 digits 12.34 ms reads 12.351 ms after a round trip (64 µs buckets); at 3, within 8 µs.
    const a = encodeHistogram(latencyHistogramOf([12.34]));
    const b = encodeHistogram(latencyHistogramOf([12.34]));
    expect(Math.abs(percentileMs(mergeEncoded([a, b]), 50) - 12.34)).toBeLessThan(0.008);
  });

  it('is 0 for an empty histogram', () => {
    expect(percentileMs(createLatencyHistogram(), 99)).toBe(0);
  });
});
