import { describe, expect, it } from 'vitest';
import type { StepVerdict } from './judge-step.ts';
import { searchCapacity } from './search-capacity.ts';

/** A fake measurement: everything at or below `limit` passes. */
function fakeMeasure(limit: number) {
  const scales: number[] = [];
  const measure = async (scale: number): Promise<StepVerdict> => {
    scales.push(scale);
    const passed = scale <= limit;
    return {
      point: {
        offeredRate: scale * 100,
        achievedRate: scale * 100,
        p50Ms: 1,
        p99Ms: passed ? 5 : 900,
        errorRate: 0,
        droppedRate: 0,
        passed,
      },
      failure: passed ? undefined : 'latency',
      detail: passed ? undefined : 'p99 900ms > 500ms',
    };
  };
  return { measure, scales };
}

describe('searchCapacity', () => {
  it('doubles until a step fails, then bisects to the precision', async () => {
    const { measure, scales } = fakeMeasure(5);
    const out = await searchCapacity({ measure, startScale: 1, growth: 2, maxSteps: 20, precision: 0.05 });
    expect(scales.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(out.passScale).toBeGreaterThan(4.75);
    expect(out.passScale).toBeLessThanOrEqual(5);
    expect(out.failScale! / out.passScale! - 1).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(out.failVerdict?.failure).toBe('latency');
  });

  it('steps down when the first step already fails', async () => {
    const { measure, scales } = fakeMeasure(0.3);
    const out = await searchCapacity({ measure, startScale: 1, growth: 2, maxSteps: 3, precision: 0.05 });
    expect(scales).toEqual([1, 0.5, 0.25]);
    expect(out.passScale).toBe(0.25);
    expect(out.failScale).toBe(0.5);
  });

  it('never runs more than maxSteps steps', async () => {
    const { measure, scales } = fakeMeasure(1e9);
    const out = await searchCapacity({ measure, startScale: 1, growth: 2, maxSteps: 4, precision: 0.05 });
    expect(scales).toEqual([1, 2, 4, 8]);
    expect(out.failScale).toBeUndefined();
  });
});
