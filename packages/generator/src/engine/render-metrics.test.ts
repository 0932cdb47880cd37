import { resolveWorkload, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { createLatencyBuckets } from './latency-buckets.ts';
import { createOperationStats, ErrorIndex } from './operation-stats.ts';
import { renderMetrics } from './render-metrics.ts';
import type { LoadRun } from './types.ts';

describe('renderMetrics', () => {
  it('renders the exposition the dashboards query, summing phases', () => {
    const workload = resolveWorkload(
      workloadSchema.parse({
        name: 'm',
        duration: '10s',
        operations: [{ name: 'visit', path: '/', rate: '50/s' }],
      }),
    );
    const phase1 = createOperationStats();
    Object.assign(phase1, { scheduled: 10, sent: 9, completed: 8, ok: 7, dropped: 1 });
    phase1.statusClasses = [0, 7, 0, 0, 1];
    phase1.errors[ErrorIndex.http5xx] = 1;
    phase1.errors[ErrorIndex.timeout] = 1;
    const phase2 = createOperationStats();
    Object.assign(phase2, { scheduled: 5, sent: 5, completed: 5, ok: 5 });
    phase2.statusClasses = [0, 5, 0, 0, 0];
    const buckets = createLatencyBuckets(1);
    for (const us of [800, 3000, 40_000]) buckets.record(0, 0, us);
    buckets.record(0, 1, 800);
    const run = {
      stats: [[phase1], [phase2]],
      live: () => [{ targetRate: 50, inFlight: 2, queued: 0 }],
      buckets,
    } as unknown as LoadRun;
    const text = renderMetrics(workload, run);
    expect(
      text
        .split('\n')
        .filter(
          (l) =>
            !l.startsWith('loadlens_load_latency_seconds_bucket') ||
            l.includes('le="0.005"') ||
            l.includes('+Inf'),
        ),
    ).toMatchInlineSnapshot(`
      [
        "# HELP loadlens_load_target_rate Requests per second the schedule asks for now.",
        "# TYPE loadlens_load_target_rate gauge",
        "loadlens_load_target_rate{operation="visit"} 50",
        "# HELP loadlens_load_scheduled_total Requests the schedule called for.",
        "# TYPE loadlens_load_scheduled_total counter",
        "loadlens_load_scheduled_total{operation="visit"} 15",
        "# HELP loadlens_load_sent_total Requests sent.",
        "# TYPE loadlens_load_sent_total counter",
        "loadlens_load_sent_total{operation="visit"} 14",
        "# HELP loadlens_load_completed_total Responses received, by status class.",
        "# TYPE loadlens_load_completed_total counter",
        "loadlens_load_completed_total{operation="visit",status_class="2xx"} 12",
        "loadlens_load_completed_total{operation="visit",status_class="3xx"} 0",
        "loadlens_load_completed_total{operation="visit",status_class="4xx"} 0",
        "loadlens_load_completed_total{operation="visit",status_class="5xx"} 1",
        "# HELP loadlens_load_errors_total Failed requests, by class.",
        "# TYPE loadlens_load_errors_total counter",
        "loadlens_load_errors_total{operation="visit",class="timeout"} 1",
        "loadlens_load_errors_total{operation="visit",class="refused"} 0",
        "loadlens_load_errors_total{operation="visit",class="reset"} 0",
        "loadlens_load_errors_total{operation="visit",class="http4xx"} 0",
        "loadlens_load_errors_total{operation="visit",class="http5xx"} 1",
        "loadlens_load_errors_total{operation="visit",class="other"} 0",
        "# HELP loadlens_load_dropped_total Requests dropped because the client-side queue was full.",
        "# TYPE loadlens_load_dropped_total counter",
        "loadlens_load_dropped_total{operation="visit"} 1",
        "# HELP loadlens_load_in_flight Requests sent and not yet answered.",
        "# TYPE loadlens_load_in_flight gauge",
        "loadlens_load_in_flight{operation="visit"} 2",
        "# HELP loadlens_load_latency_seconds Response time; measure="corrected" counts from the intended send time, "uncorrected" from the actual send.",
        "# TYPE loadlens_load_latency_seconds histogram",
        "loadlens_load_latency_seconds_bucket{operation="visit",measure="corrected",le="0.005"} 2",
        "loadlens_load_latency_seconds_bucket{operation="visit",measure="corrected",le="+Inf"} 3",
        "loadlens_load_latency_seconds_sum{operation="visit",measure="corrected"} 0.0438",
        "loadlens_load_latency_seconds_count{operation="visit",measure="corrected"} 3",
        "loadlens_load_latency_seconds_bucket{operation="visit",measure="uncorrected",le="0.005"} 1",
        "loadlens_load_latency_seconds_bucket{operation="visit",measure="uncorrected",le="+Inf"} 1",
        "loadlens_load_latency_seconds_sum{operation="visit",measure="uncorrected"} 0.0008",
        "loadlens_load_latency_seconds_count{operation="visit",measure="uncorrected"} 1",
        "",
      ]
    `);
  });
});
