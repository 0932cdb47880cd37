// The "Load run" dashboard: what `loadlens run --metrics` offered and what came back, per operation.
import { type Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { statPanel, timeseriesPanel } from './panel-factories.ts';
import { datasourceVariable, labelVariable } from './prometheus-target.ts';

const OP = 'operation=~"$operation"';
const RATE = '[$__rate_interval]';

/** Corrected latency is measured from the intended send time (wrk2's method); uncorrected from the actual send. */
function latencyQuantile(quantile: number, measure: 'corrected' | 'uncorrected', by: string): string {
  return (
    `histogram_quantile(${quantile}, sum by (${by}) ` +
    `(rate(loadlens_load_latency_seconds_bucket{${OP}, measure="${measure}"}${RATE})))`
  );
}

export function buildLoadRunDashboard(): Dashboard {
  return new DashboardBuilder('loadlens / Load run')
    .uid('loadlens-load-run')
    .description(
      'Target vs achieved rate, latency percentiles, errors and dropped requests of a loadlens run',
    )
    .tags(['loadlens'])
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('operation', 'Operation', 'loadlens_load_target_rate'))
    .withRow(new RowBuilder('Summary'))
    .withPanel(
      statPanel({
        title: 'Achieved rate',
        description: 'Responses per second, all selected operations.',
        unit: 'reqps',
        queries: [{ expr: `sum(rate(loadlens_load_completed_total{${OP}}${RATE}))`, legend: 'achieved' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'p99 latency (corrected)',
        description: 'Measured from the intended send time, all selected operations.',
        unit: 's',
        queries: [{ expr: latencyQuantile(0.99, 'corrected', 'le'), legend: 'p99' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Error ratio',
        description: 'Failed requests (any class) per request sent.',
        unit: 'percentunit',
        queries: [
          {
            expr: `sum(rate(loadlens_load_errors_total{${OP}}${RATE})) / sum(rate(loadlens_load_sent_total{${OP}}${RATE}))`,
            legend: 'errors',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Dropped in range',
        description:
          'Requests the schedule called for and the generator never sent, over the selected range.',
        unit: 'short',
        queries: [{ expr: `sum(increase(loadlens_load_dropped_total{${OP}}[$__range]))`, legend: 'dropped' }],
      }),
    )
    .withRow(new RowBuilder('Rate'))
    .withPanel(
      timeseriesPanel({
        title: 'Target vs achieved rate',
        description:
          'Target: the rate the workload asks for now. Achieved: responses per second. A gap means the service (or the generator) cannot keep up.',
        unit: 'reqps',
        queries: [
          { expr: `sum(loadlens_load_target_rate{${OP}})`, legend: 'target' },
          { expr: `sum(rate(loadlens_load_sent_total{${OP}}${RATE}))`, legend: 'sent' },
          { expr: `sum(rate(loadlens_load_completed_total{${OP}}${RATE}))`, legend: 'achieved' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Achieved rate per operation',
        description: 'Responses per second of each operation, by HTTP status class.',
        unit: 'reqps',
        stacked: true,
        queries: [
          {
            expr: `sum by (operation, status_class) (rate(loadlens_load_completed_total{${OP}}${RATE}))`,
            legend: '{{operation}} {{status_class}}',
          },
        ],
      }),
    )
    .withRow(new RowBuilder('Latency'))
    .withPanel(
      timeseriesPanel({
        title: 'Latency percentiles (corrected for coordinated omission)',
        description:
          'Measured from when each request should have been sent, so a stalled service shows its real wait.',
        unit: 's',
        queries: [
          { expr: latencyQuantile(0.5, 'corrected', 'le'), legend: 'p50' },
          { expr: latencyQuantile(0.95, 'corrected', 'le'), legend: 'p95' },
          { expr: latencyQuantile(0.99, 'corrected', 'le'), legend: 'p99' },
          { expr: latencyQuantile(0.99, 'uncorrected', 'le'), legend: 'p99 uncorrected' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'p99 latency per operation',
        description: 'Corrected p99 of each operation.',
        unit: 's',
        queries: [{ expr: latencyQuantile(0.99, 'corrected', 'operation, le'), legend: '{{operation}}' }],
      }),
    )
    .withRow(new RowBuilder('Errors and back-pressure'))
    .withPanel(
      timeseriesPanel({
        title: 'Errors per second by class',
        description: 'timeout, refused, reset, 4xx, 5xx, per operation.',
        unit: 'reqps',
        stacked: true,
        queries: [
          {
            expr: `sum by (operation, class) (rate(loadlens_load_errors_total{${OP}}${RATE}))`,
            legend: '{{operation}} {{class}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Dropped and in flight',
        description:
          'Dropped: requests the schedule called for that were never sent (the generator hit its in-flight cap). In flight: requests awaiting a response.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (operation) (rate(loadlens_load_dropped_total{${OP}}${RATE}))`,
            legend: 'dropped/s {{operation}}',
          },
          { expr: `sum by (operation) (loadlens_load_in_flight{${OP}})`, legend: 'in flight {{operation}}' },
          {
            expr: `sum by (operation) (rate(loadlens_load_scheduled_total{${OP}}${RATE}))`,
            legend: 'scheduled/s {{operation}}',
          },
        ],
      }),
    )
    .build();
}
