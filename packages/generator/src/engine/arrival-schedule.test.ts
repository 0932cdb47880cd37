import { resolveWorkload, type WorkloadInput, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { averageRate, createArrivalSchedule } from './arrival-schedule.ts';

function scheduleOf(input: Omit<WorkloadInput, 'name'>, op = 0) {
  const workload = resolveWorkload(workloadSchema.parse({ name: 'test', ...input }));
  return { workload, schedule: createArrivalSchedule(workload, workload.operations[op]!) };
}

function countBetween(
  schedule: ReturnType<typeof createArrivalSchedule>,
  fromMs: number,
  toMs: number,
): number {
  let n = 0;
  for (let k = 0; k < schedule.total; k++) {
    const t = schedule.intendedAt(k);
    if (t >= fromMs && t < toMs) n++;
  }
  return n;
}

describe('createArrivalSchedule', () => {
  it('spaces a constant rate evenly: 100/s for 10 s is 1,000 arrivals 10 ms apart', () => {
    const { schedule } = scheduleOf({
      duration: '10s',
      operations: [{ name: 'a', path: '/', rate: '100/s' }],
    });
    expect(schedule.total).toBe(1000);
    expect([0, 1, 2, 999].map((k) => schedule.intendedAt(k))).toEqual([0, 10, 20, 9990]);
  });

  it('ramps linearly per stage: 0 → 100/s over 10 s then 100/s for 5 s', () => {
    const { schedule, workload } = scheduleOf({
      rate: '100/s',
      startScale: 0,
      stages: [
        { duration: '10s', scale: 1 },
        { duration: '5s', scale: 1 },
      ],
      operations: [{ name: 'a', path: '/', weight: 1 }],
    });
    // Area under the ramp: 10 s × 50/s = 500, then 5 s × 100/s = 500.
    expect(schedule.total).toBe(1000);
    expect(countBetween(schedule, 0, 10_000)).toBe(500);
    expect(countBetween(schedule, 10_000, 15_000)).toBe(500);
    // The first half of the ramp carries a quarter of its arrivals (rate grows linearly).
    expect(countBetween(schedule, 0, 5000)).toBe(125);
    expect(schedule.phaseOf(499)).toBe(0);
    expect(schedule.phaseOf(500)).toBe(1);
    expect(averageRate(workload, workload.operations[0]!, 0)).toBe(50);
  });

  it('gives each operation its own schedule and honours users stages only for user-model operations', () => {
    const input = {
      users: { count: 60, perMinute: { visit: 1 } },
      stages: [{ duration: '10s', users: 120 }],
      operations: [
        { name: 'visit', path: '/v' },
        { name: 'health', path: '/h', rate: '2/s' },
      ],
    };
    expect(scheduleOf(input, 0).schedule.total).toBe(20); // 120 users × 1/min = 2/s for 10 s
    expect(scheduleOf(input, 1).schedule.total).toBe(20); // own rate, not scaled by users
  });
});
