// The Prometheus text exposition of a live run (names and labels are a contract with the dashboards).
import { escapeLabelValue, type ResolvedWorkload } from '@loadlens/types';
import { LATENCY_BOUNDS_SECONDS } from './latency-buckets.ts';
import { addCounts, ERROR_CLASSES, emptyCounts, type OperationCounts } from './operation-stats.ts';
import type { LoadRun } from './types.ts';

const STATUS_LABELS = ['2xx', '3xx', '4xx', '5xx'] as const;
/** statusClasses index of each label (index 0 is 1xx, which has no series). */
const STATUS_INDEX = [1, 2, 3, 4] as const;

function totals(run: LoadRun, op: number): OperationCounts {
  const sum = emptyCounts();
  for (const phase of run.stats) addCounts(sum, phase[op]!);
  return sum;
}

export function renderMetrics(workload: ResolvedWorkload, run: LoadRun): string {
  const live = run.live();
  const ops = workload.operations.map((op, i) => ({
    name: escapeLabelValue(op.name),
    t: totals(run, i),
    live: live[i]!,
  }));
  const lines: string[] = [];
  function family(name: string, type: string, help: string, rows: string[]): void {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows);
  }
  family(
    'loadlens_load_target_rate',
    'gauge',
    'Requests per second the schedule asks for now.',
    ops.map((o) => `loadlens_load_target_rate{operation="${o.name}"} ${o.live.targetRate}`),
  );
  family(
    'loadlens_load_scheduled_total',
    'counter',
    'Requests the schedule called for.',
    ops.map((o) => `loadlens_load_scheduled_total{operation="${o.name}"} ${o.t.scheduled}`),
  );
  family(
    'loadlens_load_sent_total',
    'counter',
    'Requests sent.',
    ops.map((o) => `loadlens_load_sent_total{operation="${o.name}"} ${o.t.sent}`),
  );
  family(
    'loadlens_load_completed_total',
    'counter',
    'Responses received, by status class.',
    ops.flatMap((o) =>
      STATUS_LABELS.map(
        (c, i) =>
          `loadlens_load_completed_total{operation="${o.name}",status_class="${c}"} ${o.t.statusClasses[STATUS_INDEX[i]!]}`,
      ),
    ),
  );
  family(
    'loadlens_load_errors_total',
    'counter',
    'Failed requests, by class.',
    ops.flatMap((o) =>
      ERROR_CLASSES.map(
        (c, i) => `loadlens_load_errors_total{operation="${o.name}",class="${c}"} ${o.t.errors[i]}`,
      ),
    ),
  );
  family(
    'loadlens_load_dropped_total',
    'counter',
    'Requests dropped because the client-side queue was full.',
    ops.map((o) => `loadlens_load_dropped_total{operation="${o.name}"} ${o.t.dropped}`),
  );
  family(
    'loadlens_load_in_flight',
    'gauge',
    'Requests sent and not yet answered.',
    ops.map((o) => `loadlens_load_in_flight{operation="${o.name}"} ${o.live.inFlight}`),
  );
  const histogram: string[] = [];
  const buckets = run.buckets;
  if (buckets) {
    for (const [i, o] of ops.entries()) {
      for (const [m, measure] of (['corrected', 'uncorrected'] as const).entries()) {
        const labels = `operation="${o.name}",measure="${measure}"`;
        for (const [b, le] of LATENCY_BOUNDS_SECONDS.entries())
          histogram.push(
            `loadlens_load_latency_seconds_bucket{${labels},le="${le}"} ${buckets.cumulative(i, m as 0 | 1, b)}`,
          );
        const count = buckets.cumulative(i, m as 0 | 1, LATENCY_BOUNDS_SECONDS.length);
        histogram.push(`loadlens_load_latency_seconds_bucket{${labels},le="+Inf"} ${count}`);
        histogram.push(`loadlens_load_latency_seconds_sum{${labels}} ${buckets.sums[i * 2 + m]}`);
        histogram.push(`loadlens_load_latency_seconds_count{${labels}} ${count}`);
      }
    }
  }
  family(
    'loadlens_load_latency_seconds',
    'histogram',
    'Response time; measure="corrected" counts from the intended send time, "uncorrected" from the actual send.',
    histogram,
  );
  return `${lines.join('\n')}\n`;
}
