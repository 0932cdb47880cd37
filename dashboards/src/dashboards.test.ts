// The committed dashboards are exactly what the builders make, and their queries use the metric
// names loadlens emits (generator, proxy) and the spanmetrics connector's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DASHBOARD_FILES, dashboardJson, dashboardQueries, substituteVariables } from './index.ts';
import { PROVISIONED_PROMETHEUS_UID } from './prometheus-target.ts';

const root = join(import.meta.dirname, '..');

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(loadlens_\w+|traces_span_metrics_\w+)/g)].map((m) => m[1] as string);
}

describe.each(DASHBOARD_FILES)('$file', ({ file, build }) => {
  const committed = readFileSync(join(root, 'grafana', file), 'utf8');

  test('the committed JSON equals the generated one (run `npm run generate -w @loadlens/dashboards`)', () => {
    expect(JSON.parse(committed)).toEqual(JSON.parse(dashboardJson(build())));
  });

  test('every panel but the rows has a query, and panel ids are unique', () => {
    const model = JSON.parse(committed) as { panels: { id: number; type: string; targets?: unknown[] }[] };
    for (const panel of model.panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets?.length ?? 0).toBeGreaterThan(0);
    }
    const ids = model.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

test('the dashboards query these metrics, and nothing else', () => {
  const byDashboard = Object.fromEntries(
    DASHBOARD_FILES.map(({ file, build }) => [
      file,
      [...new Set(dashboardQueries(build()).flatMap((q) => metricNames(q.expr)))].sort(),
    ]),
  );
  expect(byDashboard).toMatchInlineSnapshot(`
    {
      "bottlenecks.json": [
        "loadlens_db_pool_wait_milliseconds_bucket",
        "loadlens_db_pool_wait_milliseconds_count",
        "loadlens_db_pool_wait_milliseconds_sum",
        "loadlens_db_query_duration_milliseconds_sum",
        "loadlens_machine_cpu_percent",
        "loadlens_nodejs_eventloop_delay_p99_milliseconds",
        "loadlens_process_cpu_percent",
        "loadlens_process_open_fds",
        "loadlens_process_rss_bytes",
        "loadlens_process_threads",
        "loadlens_proxy_spans_dropped_total",
        "loadlens_stage_duration_milliseconds_count",
        "loadlens_stage_duration_milliseconds_sum",
      ],
      "load-run.json": [
        "loadlens_load_completed_total",
        "loadlens_load_dropped_total",
        "loadlens_load_errors_total",
        "loadlens_load_in_flight",
        "loadlens_load_latency_seconds_bucket",
        "loadlens_load_scheduled_total",
        "loadlens_load_sent_total",
        "loadlens_load_target_rate",
      ],
      "service-spanmetrics.json": [
        "traces_span_metrics_calls_total",
        "traces_span_metrics_duration_milliseconds_bucket",
        "traces_span_metrics_duration_milliseconds_sum",
      ],
    }
  `);
});

test('Grafana variables are filled in as Grafana would, "All" matching everything', () => {
  const query = dashboardQueries(DASHBOARD_FILES[0]!.build()).find(
    (q) => q.panel === 'p99 latency per operation',
  );
  expect(substituteVariables(query!.expr, { rateInterval: '20s', range: '5m' })).toMatchInlineSnapshot(
    `"histogram_quantile(0.99, sum by (operation, le) (rate(loadlens_load_latency_seconds_bucket{operation=~".*", measure="corrected"}[20s])))"`,
  );
  expect(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's braced variable syntax.
    substituteVariables('x{a=~"${service}", b=~"$route"}[$__range]', {
      rateInterval: '20s',
      range: '5m',
      custom: { route: '/trips' },
    }),
  ).toBe('x{a=~".*", b=~"/trips"}[5m]');
});

test('provisioning: the datasources carry the uid the dashboards default to, and Jaeger is one of them', () => {
  const datasources = readFileSync(join(root, 'provisioning', 'datasources', 'loadlens.yaml'), 'utf8');
  expect(datasources).toContain(`uid: ${PROVISIONED_PROMETHEUS_UID}`);
  expect(datasources).toMatch(/type: jaeger\n/);
  const provider = readFileSync(join(root, 'provisioning', 'dashboards', 'loadlens.yaml'), 'utf8');
  expect(provider).toMatch(/type: file\n/);
  for (const { build } of DASHBOARD_FILES) {
    const model = JSON.parse(dashboardJson(build())) as {
      templating: { list: { name: string; current: { value: string } }[] };
    };
    expect(model.templating.list.find((v) => v.name === 'datasource')?.current.value).toBe(
      PROVISIONED_PROMETHEUS_UID,
    );
  }
});
