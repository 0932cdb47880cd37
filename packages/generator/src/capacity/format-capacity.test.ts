import type { Capacity } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { capacityComparisonRows, capacityStepRows, capacityVerdictLines } from './format-capacity.ts';

const capacity: Capacity = {
  sustainableRate: 700,
  kneeRate: 600,
  failureMode: 'latency',
  failureDetail: 'p99 812ms > 500ms at 800/s',
  usersSupported: 35_000,
  instance: { name: 'm5.xlarge', monthlyUsd: 150 },
  costPerUserMonthlyUsd: 150 / 35_000,
  costPerMillionRequestsUsd: 150 / ((700 * 730 * 3600) / 1e6),
  points: [
    {
      offeredRate: 350,
      achievedRate: 350,
      p50Ms: 4.2,
      p99Ms: 18.5,
      errorRate: 0,
      droppedRate: 0,
      passed: true,
    },
    {
      offeredRate: 700,
      achievedRate: 699.5,
      p50Ms: 9.9,
      p99Ms: 240,
      errorRate: 0.001,
      droppedRate: 0,
      passed: true,
    },
    {
      offeredRate: 800,
      achievedRate: 760,
      p50Ms: 120,
      p99Ms: 812,
      errorRate: 0.004,
      droppedRate: 0,
      passed: false,
    },
  ],
};

describe('capacity output', () => {
  it('lists every step and the verdict with users and cost', () => {
    expect([
      ...capacityStepRows(capacity).map((r) => r.join(' | ')),
      ...capacityVerdictLines(capacity),
    ]).toMatchInlineSnapshot(`
      [
        "offered | achieved | p50 | p99 | errors | dropped | verdict",
        "350/s | 350/s | 4.2ms | 18.5ms | 0% | 0% | pass",
        "700/s | 699.5/s | 9.9ms | 240ms | 0.1% | 0% | pass",
        "800/s | 760/s | 120ms | 812ms | 0.4% | 0% | fail",
        "sustainable rate: 700/s",
        "failure mode: latency (p99 812ms > 500ms at 800/s)",
        "knee: 600/s",
        "users supported: 35000",
        "cost per user: $0.00429/month on m5.xlarge ($150/month)",
        "cost per million requests: $0.0815",
      ]
    `);
  });

  it('puts configurations side by side', () => {
    const small = {
      ...capacity,
      instance: { name: 't3.small', monthlyUsd: 15 },
      sustainableRate: 90,
      usersSupported: 4500,
      costPerUserMonthlyUsd: 15 / 4500,
    };
    expect(
      capacityComparisonRows([
        { name: 'large', capacity },
        { name: 'small', capacity: small },
      ]).map((r) => r.join(' | ')),
    ).toMatchInlineSnapshot(`
      [
        "configuration | instance | sustainable | failure | users | cost/user/month | cost/1M req",
        "large | m5.xlarge $150 | 700/s | latency | 35000 | $0.00429 | $0.0815",
        "small | t3.small $15 | 90/s | latency | 4500 | $0.00333 | $0.0815",
      ]
    `);
  });
});
