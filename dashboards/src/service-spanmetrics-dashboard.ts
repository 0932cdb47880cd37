// The "Service (spanmetrics)" dashboard: RED metrics from the OpenTelemetry Collector spanmetrics
// connector's names and labels, so it works on loadlens's proxy and on a stock Collector alike.
import { type Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { rankingPanel, timeseriesPanel } from './panel-factories.ts';
import { datasourceVariable, labelVariable } from './prometheus-target.ts';

const RATE = '[$__rate_interval]';
const SERVER = 'service_name=~"$service", span_kind="SPAN_KIND_SERVER"';
const CLIENT = 'service_name=~"$service", span_kind="SPAN_KIND_CLIENT"';
/** Operations in the rankings: a screenful. */
const TOP = 10;

function durationQuantile(quantile: number, selector: string, by: string): string {
  return (
    `histogram_quantile(${quantile}, sum by (${by}) ` +
    `(rate(traces_span_metrics_duration_milliseconds_bucket{${selector}}${RATE})))`
  );
}

export function buildServiceSpanmetricsDashboard(): Dashboard {
  const calls = `rate(traces_span_metrics_calls_total{${SERVER}}${RATE})`;
  const errorCalls = `rate(traces_span_metrics_calls_total{${SERVER}, status_code="STATUS_CODE_ERROR"}${RATE})`;
  return new DashboardBuilder('loadlens / Service (spanmetrics)')
    .uid('loadlens-service-spanmetrics')
    .description(
      'Rate, errors and duration per operation from spanmetrics (traces_span_metrics_*): the OpenTelemetry Collector connector or the loadlens proxy',
    )
    .tags(['loadlens', 'spanmetrics'])
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('service', 'Service', 'traces_span_metrics_calls_total'))
    .withRow(new RowBuilder('Server spans (requests)'))
    .withPanel(
      timeseriesPanel({
        title: 'Request rate per operation',
        description: 'Server spans per second by span name (route).',
        unit: 'reqps',
        stacked: true,
        queries: [{ expr: `sum by (span_name) (${calls})`, legend: '{{span_name}}' }],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Error ratio per operation',
        description:
          'Share of server spans with status ERROR. Operations without errors show 0 (the `or … * 0` keeps them on the chart).',
        unit: 'percentunit',
        queries: [
          {
            expr: `(sum by (span_name) (${errorCalls}) or sum by (span_name) (${calls}) * 0) / sum by (span_name) (${calls})`,
            legend: '{{span_name}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Duration p50 / p95 / p99',
        description: 'Server span duration percentiles over all operations of the service.',
        unit: 'ms',
        queries: [
          { expr: durationQuantile(0.5, SERVER, 'le'), legend: 'p50' },
          { expr: durationQuantile(0.95, SERVER, 'le'), legend: 'p95' },
          { expr: durationQuantile(0.99, SERVER, 'le'), legend: 'p99' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'p95 duration per operation',
        description: 'Server span p95 by span name.',
        unit: 'ms',
        queries: [{ expr: durationQuantile(0.95, SERVER, 'span_name, le'), legend: '{{span_name}}' }],
      }),
    )
    .withRow(new RowBuilder('Client spans (databases, outbound calls)'))
    .withPanel(
      rankingPanel({
        title: `Top ${TOP} client operations by total time`,
        description: 'Time in client spans (database calls, outbound HTTP) over the selected range.',
        unit: 'ms',
        queries: [
          {
            expr: `topk(${TOP}, sum by (span_name) (increase(traces_span_metrics_duration_milliseconds_sum{${CLIENT}}[$__range])))`,
            legend: '{{span_name}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Client call rate and p95',
        description: 'Client spans per second and their p95 duration, by span name.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (span_name) (rate(traces_span_metrics_calls_total{${CLIENT}}${RATE}))`,
            legend: 'calls/s {{span_name}}',
          },
          { expr: durationQuantile(0.95, CLIENT, 'span_name, le'), legend: 'p95 ms {{span_name}}' },
        ],
      }),
    )
    .build();
}
