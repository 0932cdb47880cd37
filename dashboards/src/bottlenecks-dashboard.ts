// The "Bottlenecks" dashboard: where the wrapped service spends its time, from the proxy's /metrics.
import { type Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { rankingPanel, timeseriesPanel } from './panel-factories.ts';
import { datasourceVariable, labelVariable } from './prometheus-target.ts';

const ROUTE = 'route=~"$route"';
const RATE = '[$__rate_interval]';
/** How many query shapes the rankings show: a screenful, as in pt-query-digest's default report. */
const TOP_SHAPES = 10;

export function buildBottlenecksDashboard(): Dashboard {
  const stageSum = `rate(loadlens_stage_duration_milliseconds_sum{${ROUTE}}${RATE})`;
  const querySum = `rate(loadlens_db_query_duration_milliseconds_sum${RATE})`;
  return new DashboardBuilder('loadlens / Bottlenecks')
    .uid('loadlens-bottlenecks')
    .description(
      'Stage share per route, the query shapes that cost the most, event-loop delay, CPU and pool waits',
    )
    .tags(['loadlens'])
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('route', 'Route', 'loadlens_stage_duration_milliseconds_count'))
    .withRow(new RowBuilder('Where the time goes'))
    .withPanel(
      timeseriesPanel({
        title: 'Stage share per route',
        description:
          "Share of each route's time spent in each stage (app code, a database, outbound HTTP, proxy). Stacks to 100% per route.",
        unit: 'percentunit',
        stacked: true,
        queries: [
          {
            expr: `sum by (route, stage) (${stageSum}) / ignoring (stage) group_left sum by (route) (${stageSum})`,
            legend: '{{route}} {{stage}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Mean time per request by stage',
        description: 'Milliseconds per request of each route spent in each stage.',
        unit: 'ms',
        stacked: true,
        queries: [
          {
            expr: `sum by (route, stage) (${stageSum}) / sum by (route, stage) (rate(loadlens_stage_duration_milliseconds_count{${ROUTE}}${RATE}))`,
            legend: '{{route}} {{stage}}',
          },
        ],
      }),
    )
    .withRow(new RowBuilder('Query shapes'))
    .withPanel(
      rankingPanel({
        title: `Top ${TOP_SHAPES} query shapes by total time`,
        description:
          'Database time spent in each query shape over the selected range. Shapes carry no literal values.',
        unit: 'ms',
        queries: [
          {
            expr: `topk(${TOP_SHAPES}, sum by (db_system, db_query_summary) (increase(loadlens_db_query_duration_milliseconds_sum[$__range])))`,
            legend: '{{db_system}} {{db_query_summary}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Query time per second by shape',
        description:
          'Database milliseconds per second of each of the costliest shapes: a share above 1000 means queries overlap.',
        unit: 'ms',
        stacked: true,
        queries: [
          {
            expr: `topk(${TOP_SHAPES}, sum by (db_system, db_query_summary) (${querySum}))`,
            legend: '{{db_system}} {{db_query_summary}}',
          },
        ],
      }),
    )
    .withRow(new RowBuilder('Process and pool'))
    .withPanel(
      timeseriesPanel({
        title: 'Event-loop delay p99',
        description:
          'A Node server whose event loop is delayed is CPU-bound: requests queue behind synchronous work.',
        unit: 'ms',
        queries: [
          {
            expr: 'max by (service_name) (loadlens_nodejs_eventloop_delay_p99_milliseconds)',
            legend: '{{service_name}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'CPU',
        description: 'CPU of each sampled process (100% = one core) and of the whole machine.',
        unit: 'percent',
        queries: [
          { expr: 'max by (source) (loadlens_process_cpu_percent)', legend: '{{source}}' },
          { expr: 'max(loadlens_machine_cpu_percent)', legend: 'machine' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Connection pool wait',
        description:
          'Time requests waited for a database connection: rising waits mean the pool is the bottleneck.',
        unit: 'ms',
        queries: [
          {
            expr: `histogram_quantile(0.99, sum by (le) (rate(loadlens_db_pool_wait_milliseconds_bucket${RATE})))`,
            legend: 'p99 wait',
          },
          {
            expr: `sum(rate(loadlens_db_pool_wait_milliseconds_sum${RATE})) / sum(rate(loadlens_db_pool_wait_milliseconds_count${RATE}))`,
            legend: 'mean wait',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Memory, file descriptors and threads',
        description:
          'Resident memory of each sampled process; open descriptors and threads on the right-hand legend.',
        unit: 'short',
        queries: [
          { expr: 'max by (source) (loadlens_process_rss_bytes) / 1048576', legend: 'RSS MiB {{source}}' },
          { expr: 'max by (source) (loadlens_process_open_fds)', legend: 'open fds {{source}}' },
          { expr: 'max by (source) (loadlens_process_threads)', legend: 'threads {{source}}' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Spans dropped by the proxy',
        description:
          'Spans the proxy could not export (OTLP endpoint down or slow, queue full). Above zero, the traces behind these charts are incomplete.',
        unit: 'short',
        span: 24,
        queries: [{ expr: `sum(rate(loadlens_proxy_spans_dropped_total${RATE}))`, legend: 'dropped/s' }],
      }),
    )
    .build();
}
