// The text behind `/metrics`: spanmetrics connector names first (so stock dashboards work), then
// loadlens's stage, query and pool histograms, resource gauges and the dropped-span counter.
import type { ResourceSample } from '@loadlens/types';
import type { AppSnapshot } from './app-snapshot.ts';
import type { Series } from './metrics-registry.ts';
import { renderGauge, renderHistogram } from './prometheus-text.ts';

export interface MetricsInput {
  span: Series[];
  stage: Series[];
  query: Series[];
  pool: Series[];
  resources: readonly ResourceSample[];
  apps: AppSnapshot[];
  spansDropped: number;
}

/** Prometheus text exposition of everything wrap measures. */
export function renderMetricsText(input: MetricsInput): string {
  const lines = [
    ...renderGauge(
      'traces_span_metrics_calls_total',
      'Spans ended, as the spanmetrics connector counts them',
      'counter',
      input.span.map((s) => ({ labels: s.labels, value: s.histogram.count })),
    ),
    ...renderHistogram(
      'traces_span_metrics_duration_milliseconds',
      'Span duration (spanmetrics connector names and buckets)',
      input.span,
    ),
    ...renderHistogram(
      'loadlens_stage_duration_milliseconds',
      'Per-request self time by stage (app, db:<system>, http, proxy)',
      input.stage,
    ),
    ...renderHistogram(
      'loadlens_db_query_duration_milliseconds',
      'Database call duration by query shape (operation + collection, no literals)',
      input.query,
    ),
    ...renderHistogram(
      'loadlens_db_pool_wait_milliseconds',
      'Time spent waiting for a pooled database connection',
      input.pool,
    ),
  ];
  const bySource = (field: keyof ResourceSample) =>
    input.resources
      .filter((r) => r.source !== 'machine' && typeof r[field] === 'number')
      .map((r) => ({ labels: { source: r.source }, value: r[field] as number }));
  lines.push(
    ...renderGauge(
      'loadlens_process_cpu_percent',
      'CPU of the process tree, % of one core',
      'gauge',
      bySource('cpuPercent'),
    ),
    ...renderGauge(
      'loadlens_process_rss_bytes',
      'Resident memory of the process tree',
      'gauge',
      bySource('rssBytes'),
    ),
    ...renderGauge(
      'loadlens_process_open_fds',
      'Open file descriptors of the process tree',
      'gauge',
      bySource('openFds'),
    ),
    ...renderGauge('loadlens_process_threads', 'Threads of the process tree', 'gauge', bySource('threads')),
    ...renderGauge(
      'loadlens_machine_cpu_percent',
      'Machine-wide CPU busy, % of all cores',
      'gauge',
      input.resources
        .filter((r) => r.source === 'machine' && r.cpuPercent !== undefined)
        .map((r) => ({ labels: {}, value: r.cpuPercent as number })),
    ),
    ...renderGauge(
      'loadlens_nodejs_eventloop_delay_p99_milliseconds',
      'Event-loop delay p99 over the last second, from the preload',
      'gauge',
      input.apps
        .filter((a) => a.eventLoopDelayP99Ms !== undefined)
        .map((a) => ({ labels: { service_name: a.service }, value: a.eventLoopDelayP99Ms as number })),
    ),
    ...renderGauge(
      'loadlens_nodejs_heap_used_bytes',
      'V8 heap in use, from the preload',
      'gauge',
      input.apps
        .filter((a) => a.heapUsedBytes !== undefined)
        .map((a) => ({ labels: { service_name: a.service }, value: a.heapUsedBytes as number })),
    ),
    ...renderGauge(
      'loadlens_nodejs_gc_duration_milliseconds_total',
      'Time spent in garbage collection since the server started, from the preload',
      'counter',
      input.apps
        .filter((a) => a.gcMsTotal !== undefined)
        .map((a) => ({ labels: { service_name: a.service }, value: a.gcMsTotal as number })),
    ),
    ...renderGauge(
      'loadlens_proxy_spans_dropped_total',
      'Proxy spans dropped because the OTLP endpoint was down, slow or the queue full',
      'counter',
      [{ labels: {}, value: input.spansDropped }],
    ),
  );
  return `${lines.join('\n')}\n`;
}
