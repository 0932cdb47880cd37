import { describe, expect, it } from 'vitest';
import { droppedRate, errorRate, refusedRate, totalCounters } from './outcome-rates.ts';

const none = { timeout: 0, refused: 0, reset: 0, http4xx: 0, http5xx: 0, other: 0 };

describe('outcome rates', () => {
  it('counts errors of every class over requests sent, timeouts included', () => {
    // 100 sent: 60 answered (10 of them 5xx), 40 timed out and never answered.
    const op = { errors: { ...none, timeout: 40, http5xx: 10 }, sent: 100, scheduled: 100, dropped: 0 };
    expect(errorRate(op)).toBe(0.5);
  });

  it('keeps drops (never sent) out of the error rate and over the schedule in the drop rate', () => {
    const op = { errors: { ...none, refused: 5 }, sent: 50, scheduled: 100, dropped: 50 };
    expect(errorRate(op)).toBe(0.1);
    expect(refusedRate(op)).toBe(0.1);
    expect(droppedRate(op)).toBe(0.5);
  });

  it('sums the operations of a phase before dividing', () => {
    const a = { errors: { ...none, http4xx: 1 }, sent: 10, scheduled: 10, dropped: 0 };
    const b = { errors: { ...none, reset: 9 }, sent: 90, scheduled: 100, dropped: 10 };
    expect(errorRate(totalCounters([a, b]))).toBe(0.1);
    expect(droppedRate(totalCounters([a, b]))).toBeCloseTo(10 / 110, 10);
  });

  it('is 0 when nothing was sent or scheduled', () => {
    expect(errorRate({ errors: none, sent: 0 })).toBe(0);
    expect(droppedRate({ dropped: 0, scheduled: 0 })).toBe(0);
  });
});
