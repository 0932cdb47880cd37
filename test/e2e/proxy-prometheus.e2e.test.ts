// A real Prometheus scrapes wrap's side port: the exposition parses, and the queries a spanmetrics
// dashboard runs (rate of calls, histogram_quantile over the duration buckets) return the proxy's routes.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PrometheusPeer, startPeer } from '../harness/index.ts';
import { eventually, FIXTURES, startWrap, type WrapProcess } from './proxy-wrap.ts';

let wrap: WrapProcess;
let prometheus: PrometheusPeer;

beforeAll(async () => {
  wrap = await startWrap(['--', 'node', join(FIXTURES, 'plain-server.cjs')]);
  prometheus = await startPeer('prometheus', { targets: [new URL(wrap.sideUrl).host] });
});

afterAll(async () => {
  await Promise.all([prometheus?.stop(), wrap?.process.stop()]);
});

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    status: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  expect(body.status).toBe('success');
  return body.data.result;
}

test('Prometheus scrapes the spanmetrics series and a dashboard’s p99 query answers per route', async () => {
  for (let i = 0; i < 20; i++) expect((await fetch(`${wrap.proxyUrl}/trips/${i}`)).status).toBe(200);
  const calls = await eventually(async () => {
    const result = await query(
      'sum by (span_name) (traces_span_metrics_calls_total{service_name="loadlens-proxy"})',
    );
    if (Number(result[0]?.value[1] ?? 0) < 20) throw new Error(`scraped so far: ${JSON.stringify(result)}`);
    return result;
  });
  expect(calls.map((r) => r.metric.span_name)).toEqual(['GET /trips/{id}']);
  const p99 = await query(
    'histogram_quantile(0.99, sum by (le, span_name) (traces_span_metrics_duration_milliseconds_bucket{span_kind="SPAN_KIND_SERVER"}))',
  );
  expect(p99.length).toBeGreaterThan(0);
  expect(Number(p99[0]?.value[1])).toBeGreaterThan(0);
  const up = await query('up{job="loadlens"}');
  expect(up[0]?.value[1]).toBe('1');
});
