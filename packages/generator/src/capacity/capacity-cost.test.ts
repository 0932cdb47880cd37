import { resolveWorkload, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { capacityEconomics, SECONDS_PER_MONTH } from './capacity-cost.ts';
import { parseSlo } from './parse-slo.ts';

const canvass = resolveWorkload(
  workloadSchema.parse({
    name: 'canvass',
    duration: '60s',
    users: { count: 35_000, perMinute: { visit: 1, read: 0.2 } },
    instance: { name: 'm5.xlarge', monthlyUsd: 150 },
    operations: [
      { name: 'visit', path: '/visits', method: 'POST' },
      { name: 'read', path: '/reads' },
    ],
  }),
);

describe('capacityEconomics', () => {
  it('turns a sustainable scale into users and cost per user', () => {
    // 35,000 × 1.2/min = 700/s at scale 1; at scale 0.5 the instance carries 17,500 users.
    const out = capacityEconomics(canvass, 0.5, canvass.instance);
    expect(out.usersSupported).toBe(17_500);
    expect(out.costPerUserMonthlyUsd).toBeCloseTo(150 / 17_500, 12);
    expect(out.costPerMillionRequestsUsd).toBeCloseTo(150 / ((350 * SECONDS_PER_MONTH) / 1e6), 12);
  });

  it('bills polling devices per request', () => {
    const polling = { ...canvass, instance: undefined, requestUsdPerMillion: 2 };
    const out = capacityEconomics(polling, 1, undefined);
    expect(out.costPerMillionRequestsUsd).toBe(2);
    // Each user sends 1.2 requests a minute: 1.2 × 60 × 730 = 52,560 a month → $0.10512.
    expect(out.costPerUserMonthlyUsd).toBeCloseTo(0.10512, 9);
  });
});

describe('parseSlo', () => {
  it('reads latency, error and drop terms', () => {
    expect(parseSlo('p99<500ms, errors<1%,dropped<0.5%,p50<20ms')).toEqual({
      latencyMs: { p99: 500, p50: 20 },
      errorRate: 0.01,
      droppedRate: 0.005,
    });
  });

  it('names the flag and the bad term', () => {
    expect(() => parseSlo('p99<fast')).toThrow('--slo "p99<fast": "fast" is not a duration like "500ms"');
    expect(() => parseSlo('p98<5ms')).toThrow(
      '--slo "p98<5ms": cannot read "p98<5ms": expected pNN<duration (p50, p90, p95, p99, p999), errors<N% or dropped<N%',
    );
  });
});
