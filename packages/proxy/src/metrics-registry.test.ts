import { describe, expect, it } from 'vitest';
import type { AppSnapshot } from './app-snapshot.ts';
import { SPANMETRICS_BUCKETS_MS, STAGE_BUCKETS_MS } from './histogram.ts';
import { createMetricsRegistry } from './metrics-registry.ts';

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

describe('metrics registry', () => {
  it('renders spanmetrics-named series for proxy and app spans, stages, queries, pools and resources', () => {
    const registry = createMetricsRegistry();
    registry.recordSpan('loadlens-proxy', 'GET /trips/{id}', 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET', 3);
    registry.recordSpan('loadlens-proxy', 'GET /trips/{id}', 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET', 60);
    registry.recordStage('tripstore', '/trips/{id}', 'proxy', 0.2);
    const queryCounts = zeros(STAGE_BUCKETS_MS.length + 1);
    queryCounts[6] = 2; // two queries between 5 and 10 ms
    const app: AppSnapshot = {
      service: 'tripstore',
      pid: 42,
      spanBounds: [...SPANMETRICS_BUCKETS_MS],
      stageBounds: [...STAGE_BUCKETS_MS],
      spans: [
        [
          'pg.query:SELECT trips',
          'SPAN_KIND_CLIENT',
          'STATUS_CODE_UNSET',
          [0, 0, 0, 0, 2, ...zeros(12)],
          14,
          2,
        ],
      ],
      queries: [['postgresql', 'SELECT trips', queryCounts, 14, 2]],
      pools: [],
      stages: [],
      stagesDropped: 0,
      eventLoopDelayP99Ms: 12.5,
    };
    registry.setApp(app);
    registry.setResources([
      { timeMs: 1, source: 'target', cpuPercent: 55.5, rssBytes: 1000, threads: 7, openFds: 20 },
    ]);
    const text = registry.render(3);
    const lines = text
      .split('\n')
      .filter((l) => l.startsWith('traces_') && !/_bucket\{.*le="(?!4"|10"|\+Inf")/.test(l));
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "traces_span_metrics_calls_total{service_name="loadlens-proxy",span_name="GET /trips/{id}",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"} 2
      traces_span_metrics_calls_total{service_name="tripstore",span_name="pg.query:SELECT trips",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET"} 2
      traces_span_metrics_duration_milliseconds_bucket{service_name="loadlens-proxy",span_name="GET /trips/{id}",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET",le="4"} 1
      traces_span_metrics_duration_milliseconds_bucket{service_name="loadlens-proxy",span_name="GET /trips/{id}",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET",le="10"} 1
      traces_span_metrics_duration_milliseconds_bucket{service_name="loadlens-proxy",span_name="GET /trips/{id}",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET",le="+Inf"} 2
      traces_span_metrics_duration_milliseconds_sum{service_name="loadlens-proxy",span_name="GET /trips/{id}",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"} 63
      traces_span_metrics_duration_milliseconds_count{service_name="loadlens-proxy",span_name="GET /trips/{id}",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"} 2
      traces_span_metrics_duration_milliseconds_bucket{service_name="tripstore",span_name="pg.query:SELECT trips",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET",le="4"} 0
      traces_span_metrics_duration_milliseconds_bucket{service_name="tripstore",span_name="pg.query:SELECT trips",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET",le="10"} 2
      traces_span_metrics_duration_milliseconds_bucket{service_name="tripstore",span_name="pg.query:SELECT trips",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET",le="+Inf"} 2
      traces_span_metrics_duration_milliseconds_sum{service_name="tripstore",span_name="pg.query:SELECT trips",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET"} 14
      traces_span_metrics_duration_milliseconds_count{service_name="tripstore",span_name="pg.query:SELECT trips",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET"} 2"
    `);
    expect(text).toContain(
      'loadlens_stage_duration_milliseconds_count{service_name="tripstore",route="/trips/{id}",stage="proxy"} 1',
    );
    expect(text).toContain(
      'loadlens_db_query_duration_milliseconds_bucket{db_system="postgresql",db_query_summary="SELECT trips",le="10"} 2',
    );
    expect(text).toContain('loadlens_process_cpu_percent{source="target"} 55.5');
    expect(text).toContain('loadlens_nodejs_eventloop_delay_p99_milliseconds{service_name="tripstore"} 12.5');
    expect(text).toContain('loadlens_proxy_spans_dropped_total 3');
    expect(registry.eventLoopDelayP99()).toBe(12.5);
  });

  it('refuses an app snapshot whose buckets differ (a preload from another version)', () => {
    const registry = createMetricsRegistry();
    expect(() =>
      registry.setApp({
        service: 's',
        pid: 1,
        spanBounds: [1, 2],
        stageBounds: [...STAGE_BUCKETS_MS],
        spans: [],
        queries: [],
        pools: [],
        stages: [],
        stagesDropped: 0,
      }),
    ).toThrow(/histogram bounds differ/);
  });
});
