import { describe, expect, it } from 'vitest';
import { kneeRate } from './latency-knee.ts';

const curve = (...p99s: number[]) => p99s.map((p99Ms, i) => ({ offeredRate: (i + 1) * 10, p99Ms }));

describe('kneeRate', () => {
  it('is the last rate before p99 exceeds twice the lowest p99 at lower rates', () => {
    expect(kneeRate(curve(20, 22, 30, 90))).toBe(30);
  });

  it('measures against the running minimum, so a cold first phase does not hide the knee', () => {
    // The demo's shape: the first phase is the slowest (cold start), then latency takes off at 40/s.
    // Against the p99 at the lowest rate (263) nothing would exceed 2×; against the lowest seen (100) 40/s does.
    expect(kneeRate(curve(263, 150, 100, 350))).toBe(30);
  });

  it('does not call a cold first point the knee', () => {
    // Against the lowest p99 over the whole curve (50), the first point would already be "past" it.
    expect(kneeRate(curve(263, 60, 50, 55))).toBeUndefined();
  });

  it('sorts by offered rate and skips points where nothing completed', () => {
    const points = [
      { offeredRate: 80, p99Ms: 0 },
      { offeredRate: 40, p99Ms: 50 },
      { offeredRate: 10, p99Ms: 20 },
      { offeredRate: 20, p99Ms: 21 },
    ];
    expect(kneeRate(points)).toBe(20);
  });
});
